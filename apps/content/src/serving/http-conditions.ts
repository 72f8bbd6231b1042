import type { ByteRange } from '@pulp/storage';

/**
 * The one range a `Range` header asks of a file of `size` bytes: undefined without a header (the
 * whole file), 'unsatisfiable' for a malformed header, several ranges, or one that starts past the
 * end (aiohttp answers all of these with 416, and Pulp with it).
 */
export function requestedRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) {
    return undefined;
  }
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) {
    return 'unsatisfiable';
  }
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}

/** What a stored file's validators say about a request: answer normally, 304, or 412. */
export type Precondition = 'proceed' | 'not-modified' | 'failed';

export interface Validators {
  /** The quoted ETag. */
  etag: string;
  /** Last-Modified, whole seconds (HTTP dates carry no more). */
  lastModified: Date;
}

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

const listed = (list: string, etag: string) =>
  list.trim() === '*' || list.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);

/** `If-Modified-Since`-style comparison: undefined for a date that does not parse (the header is ignored). */
function notAfter(date: Date, value: string | undefined): boolean | undefined {
  const since = value === undefined ? NaN : Date.parse(value);
  return Number.isNaN(since) ? undefined : Math.floor(date.getTime() / 1000) <= Math.floor(since / 1000);
}

/** RFC 9110 §13.2.2's order: If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since (GET and HEAD). */
export function precondition(headers: Headers, validators: Validators): Precondition {
  const ifMatch = header(headers, 'if-match');
  if (ifMatch !== undefined) {
    if (!listed(ifMatch, validators.etag)) {
      return 'failed';
    }
  } else if (notAfter(validators.lastModified, header(headers, 'if-unmodified-since')) === false) {
    return 'failed';
  }
  const ifNoneMatch = header(headers, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    return listed(ifNoneMatch, validators.etag) ? 'not-modified' : 'proceed';
  }
  return notAfter(validators.lastModified, header(headers, 'if-modified-since')) ? 'not-modified' : 'proceed';
}

/** Whether a `Range` applies: without `If-Range`, or when it names the current ETag or date. */
export function rangeStillValid(headers: Headers, validators: Validators): boolean {
  const ifRange = header(headers, 'if-range');
  if (ifRange === undefined) {
    return true;
  }
  // A date validates only when it is exactly the file's (RFC 9110 §13.1.5).
  return ifRange.trim().startsWith('"')
    ? ifRange.trim() === validators.etag
    : Math.floor(Date.parse(ifRange) / 1000) === Math.floor(validators.lastModified.getTime() / 1000);
}
