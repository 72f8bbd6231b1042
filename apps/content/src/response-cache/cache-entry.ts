import type { StoredFile } from '../serving/artifact-sender';

/**
 * The response cache's Redis layout (content-app spec §8), Pulp's own: one hash per distribution
 * (key: its base path), one field per `<request path>:<METHOD>`, each value a JSON entry.
 */

/** The field saying whether the distribution had a content guard when its hash was filled ("True"/"False"). */
export const GUARD_FIELD = 'DISTRO#GUARD#PRESENT';

/** A cached response. */
export type CacheEntry =
  /** A stored artifact: sent again by the artifact sender (ranges, conditions), with these headers. */
  | { type: 'FileResponse'; status: number; headers: Record<string, string>; file: StoredFile }
  /** A page (a listing). */
  | { type: 'Response'; status: number; headers: Record<string, string>; text: string }
  /** A redirect to storage (302). */
  | { type: 'Redirect'; status: number; headers: Record<string, string>; location: string };

/** The hash field of a request: its decoded path and method (`/pulp/content/foo/a.rpm:GET`). */
export function entryField(path: string, method: string): string {
  return `${path}:${method}`;
}

/**
 * An entry's JSON. `expires` is absolute (unix seconds; null: never), since EXPIRE renews the whole
 * hash at every write. A FileResponse also carries `path`, the file's absolute path where the
 * storage has one, as Pulp's does; it is served from `file`, the storage's own description.
 */
export function encodeEntry(entry: CacheEntry, nowSeconds: number, ttlSeconds: number | null, path?: string): string {
  const expires = ttlSeconds === null ? null : nowSeconds + ttlSeconds;
  const common = { headers: entry.headers, status: entry.status, expires, type: entry.type };
  switch (entry.type) {
    case 'FileResponse':
      return JSON.stringify({
        ...common,
        path: path ?? null,
        file: { ...entry.file, created: entry.file.created.toISOString() },
      });
    case 'Response':
      return JSON.stringify({ ...common, text: entry.text });
    case 'Redirect':
      return JSON.stringify({ ...common, location: entry.location });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isHeaders = (value: unknown): value is Record<string, string> =>
  isObject(value) && Object.values(value).every((header) => typeof header === 'string');

function decodeFile(value: unknown): StoredFile | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const { name, domainId, size, sha256, created, filename } = value;
  const date = typeof created === 'string' ? new Date(created) : undefined;
  return typeof name === 'string' &&
    typeof domainId === 'string' &&
    typeof sha256 === 'string' &&
    typeof filename === 'string' &&
    Number.isSafeInteger(size) &&
    (size as number) >= 0 &&
    date !== undefined &&
    !Number.isNaN(date.getTime())
    ? { name, domainId, size: size as number, sha256, created: date, filename }
    : undefined;
}

/** The entry a field holds, or undefined when it has expired or cannot be read (either is deleted). */
export function decodeEntry(raw: string, nowSeconds: number): CacheEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !isHeaders(value.headers) || !Number.isInteger(value.status)) {
    return undefined;
  }
  const { headers, expires } = value;
  const status = value.status as number;
  if (expires !== null && (typeof expires !== 'number' || expires <= nowSeconds)) {
    return undefined;
  }
  switch (value.type) {
    case 'FileResponse': {
      const file = decodeFile(value.file);
      return file ? { type: 'FileResponse', status, headers, file } : undefined;
    }
    case 'Response':
      return typeof value.text === 'string' ? { type: 'Response', status, headers, text: value.text } : undefined;
    case 'Redirect':
      return typeof value.location === 'string' && status === 302
        ? { type: 'Redirect', status, headers, location: value.location }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * The keys of the one EXISTS that finds a request's hash without the database: the path's
 * directory prefixes, longest first, prefix `i` repeated `i + 1` times (`b0 b1 b1 b2 b2 b2`).
 */
export function existsKeys(candidates: readonly string[]): string[] {
  return candidates.flatMap((candidate, index) => Array<string>(index + 1).fill(candidate));
}

/**
 * The candidate whose hash EXISTS counted: base paths never nest, so at most one exists, and a
 * count of `n` is prefix `n - 1`. Undefined for none (0) or a count no single prefix gives.
 */
export function existingCandidate(candidates: readonly string[], count: number): string | undefined {
  return Number.isInteger(count) && count >= 1 && count <= candidates.length ? candidates[count - 1] : undefined;
}

/** Seconds a presigned URL served from the cache stays valid at the least: time for the client to follow it. */
const REDIRECT_FOLLOW_SECONDS = 60;

/**
 * How long a cached redirect may be served: no longer than the cache keeps entries (null: for
 * ever), and never so long that its presigned URL (valid `lifetime` seconds) expires before the
 * client follows it; 0 or less: not cached at all.
 */
export function redirectTtl(ttl: number | null, lifetime: number | undefined): number | null {
  if (lifetime === undefined) {
    return ttl;
  }
  const valid = lifetime - REDIRECT_FOLLOW_SECONDS;
  return ttl === null ? valid : Math.min(ttl, valid);
}
