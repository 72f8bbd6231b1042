import { commaList, FilterValueError, type Filter } from '@pulp/rest';
import type { Master } from '../detail-types/detail-types';

/**
 * The detail types Pulp 3.102's schema enumerates per master (core's, file's and certguard's), in
 * its order: the contract for now, whichever plugins are loaded.
 */
const SCHEMA_PULP_TYPES: Record<Master, readonly string[]> = {
  content: [
    'core.publishedmetadata',
    'core.openpgp_publickey',
    'core.openpgp_publicsubkey',
    'core.openpgp_userid',
    'core.openpgp_userattribute',
    'core.openpgp_signature',
    'file.file',
  ],
  repositories: ['core.openpgp', 'file.file'],
  remotes: ['file.file'],
  publications: ['file.file'],
  distributions: ['core.artifact', 'core.openpgp', 'file.file'],
  contentguards: [
    'core.rbac',
    'core.content_redirect',
    'core.header',
    'core.composite',
    'certguard.rhsm',
    'certguard.x509',
  ],
  acs: ['file.file'],
};

/** `pulp_type` and `pulp_type__in` of a generic list over `master`'s rows. */
export function pulpTypeFilters(column: string, master: Master): Record<string, Filter> {
  const types = SCHEMA_PULP_TYPES[master];
  const schema = { type: 'string', enum: [...types].sort() };
  const choices = types.map((type) => `* \`${type}\` - ${type}`).join('\n');
  const known = (value: string) => {
    if (!types.includes(value)) {
      throw new FilterValueError(`Select a valid choice. ${value} is not one of the available choices.`);
    }
    return value;
  };
  return {
    pulp_type: {
      schema,
      description: `Pulp type\n\n${choices}`,
      where: (raw, params) => `${column} = ${params.add(known(raw), 'text')}`,
    },
    pulp_type__in: {
      schema: { type: 'array', items: schema },
      description: `Multiple values may be separated by commas.\n\n${choices}`,
      list: true,
      where: (raw, params) => `${column} = ANY(${params.add(commaList(raw).map(known), 'text[]')})`,
    },
  };
}
