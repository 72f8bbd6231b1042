import { typedRepositoryEndpoints } from '../typed/typed-repositories';

/**
 * Core's own repository type: OpenPGP keyrings (`repositories/core/openpgp_keyring/`). Its content
 * types (public keys, user ids, signatures…) and distributions come later; the repository endpoints
 * are those every repository type gets.
 */
export const OPENPGP_KEYRING_ENDPOINTS = typedRepositoryEndpoints({
  pulpType: 'core.openpgp',
  segment: 'core/openpgp_keyring',
  contentType: 'core.openpgpkeyring',
  operationPrefix: 'repositories_core_openpgp_keyring',
  placeholder: 'open_p_g_p_keyring_href',
  tag: 'Repositories: Openpgp_Keyring',
  component: 'OpenPGPKeyring',
  noun: 'open pgp keyring',
  remoteTypes: [],
  contentTypes: [
    'core.openpgp_publickey',
    'core.openpgp_publicsubkey',
    'core.openpgp_userid',
    'core.openpgp_userattribute',
    'core.openpgp_signature',
  ],
});
