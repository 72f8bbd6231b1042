/** A uuid or integer id segment of an href: what separates a viewset's path from an object's. */
const ID_SEGMENT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)$/i;

/**
 * The viewset an href below the API base belongs to, as Pulp resolves `for_object_type`: a list's
 * href (`/pulp/api/v3/repositories/file/file/`) or an object's (its ids dropped:
 * `…/repositories/file/file/<uuid>/versions/` → `repositories/file/file/versions`); undefined for
 * anything else.
 */
export function hrefViewset(href: string, apiBase: string): string | undefined {
  const path = URL.parse(href, 'http://host')?.pathname;
  if (!path?.startsWith(apiBase) || !path.endsWith('/')) {
    return undefined;
  }
  const segments = path.slice(apiBase.length, -1).split('/');
  if (segments.some((segment) => segment === '')) {
    return undefined;
  }
  return segments.filter((segment) => !ID_SEGMENT.test(segment)).join('/');
}
