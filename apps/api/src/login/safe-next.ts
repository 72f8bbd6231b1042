/**
 * Where a login may send the browser next: a path on this site only (`/…` of printable ASCII without
 * a backslash, never `//host`).
 */
export function safeNext(next: unknown): string | null {
  return typeof next === 'string' && /^\/(?![/\\])[!-[\]-~]*$/.test(next) ? next : null;
}
