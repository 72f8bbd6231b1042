import type { PulpSettings } from '@pulp/config';
import { headerOfEnvironName } from './proxy-authenticator';

/**
 * The schema's security schemes, in the order the authentications are tried, named as Pulp's
 * drf-spectacular extensions name them: Basic and the session cookie always, the proxy's headers
 * when configured (with the scheme their settings give).
 */
export function authenticationSchemes(settings: PulpSettings): Record<string, Record<string, unknown>> {
  const schemes: Record<string, Record<string, unknown>> = {
    basicAuth: { type: 'http', scheme: 'basic' },
    cookieAuth: { type: 'apiKey', in: 'cookie', name: 'sessionid' },
  };
  if (headerOfEnvironName(settings.REMOTE_USER_ENVIRON_NAME)) {
    schemes.remoteUserAuthentication = settings.REMOTE_USER_OPENAPI_SECURITY_SCHEME;
  }
  const jsonHeader = headerOfEnvironName(settings.AUTHENTICATION_JSON_HEADER);
  if (jsonHeader) {
    const configured = settings.AUTHENTICATION_JSON_HEADER_OPENAPI_SECURITY_SCHEME;
    schemes.json_header_remote_authentication =
      Object.keys(configured).length > 0 ? configured : { type: 'apiKey', in: 'header', name: jsonHeader };
  }
  return schemes;
}
