import type { PulpSettings } from './pulp-settings';

/**
 * The domain every object is in without DOMAIN_ENABLED; with it, the only domain served so far
 * (requests naming another one are answered 404 until per-domain scoping lands).
 */
export const DEFAULT_DOMAIN_NAME = 'default';

/** `/pulp/api/v3/`: status, the schema and the docs, which are never in a domain. */
export function rootApiPath(settings: Pick<PulpSettings, 'API_ROOT'>): string {
  return `${settings.API_ROOT}api/v3/`;
}

/**
 * Where the resources of `domain` are served and what their hrefs start with: `/pulp/api/v3/`, or
 * with DOMAIN_ENABLED `/pulp/<domain>/api/v3/`.
 */
export function resourceApiPath(
  settings: Pick<PulpSettings, 'API_ROOT' | 'DOMAIN_ENABLED'>,
  domain = DEFAULT_DOMAIN_NAME,
): string {
  return settings.DOMAIN_ENABLED ? `${settings.API_ROOT}${domain}/api/v3/` : rootApiPath(settings);
}

/** Where the content app serves the distributions of `domain`: CONTENT_PATH_PREFIX, plus `<domain>/` with DOMAIN_ENABLED. */
export function contentPathPrefix(
  settings: Pick<PulpSettings, 'CONTENT_PATH_PREFIX' | 'DOMAIN_ENABLED'>,
  domain = DEFAULT_DOMAIN_NAME,
): string {
  return settings.DOMAIN_ENABLED ? `${settings.CONTENT_PATH_PREFIX}${domain}/` : settings.CONTENT_PATH_PREFIX;
}
