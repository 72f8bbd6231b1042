/** A content request's path below CONTENT_PATH_PREFIX, decoded and checked segment by segment. */
export interface ContentPath {
  /** Decoded segments; empty at the content root. */
  segments: string[];
  /** Whether the request ended in `/` (a directory is only listed with it). */
  trailingSlash: boolean;
}

/**
 * Splits the raw path (still percent-encoded, without the query) below the prefix. Anything that
 * could step outside a distribution or name something other than what it says is refused
 * (undefined, a 404): `.`/`..` segments, encoded or not, empty segments (`//`), NUL and other
 * control characters, backslashes, and malformed percent-encoding.
 */
export function parseContentPath(raw: string): ContentPath | undefined {
  if (raw === '') {
    return { segments: [], trailingSlash: true };
  }
  const trailingSlash = raw.endsWith('/');
  const parts = (trailingSlash ? raw.slice(0, -1) : raw).split('/');
  const segments: string[] = [];
  for (const part of parts) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (segment === '' || segment === '.' || segment === '..' || /[\u0000-\u001f\u007f\\/]/.test(segment)) {
      return undefined;
    }
    segments.push(segment);
  }
  return { segments, trailingSlash };
}

/** Every directory prefix of the path as a base path candidate, longest first (`a/b/c` → `a/b/c`, `a/b`, `a`). */
export function basePathCandidates(segments: readonly string[]): string[] {
  return segments.map((_, index) => segments.slice(0, segments.length - index).join('/'));
}
