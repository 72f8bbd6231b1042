import type { ByteRange } from '@pulp/storage';

/**
 * The one range a `Range` header asks of a file of `size` bytes: undefined when there is none to
 * honour (no header, an empty one, or a unit other than bytes, which RFC 9110 §14.2 says to ignore:
 * the whole file), 'unsatisfiable' for a malformed byte range, several ranges, or one that starts
 * past the end (aiohttp answers all of these with 416, and Pulp with it).
 */
export function requestedRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  const specifier = header?.trim() ?? '';
  // Range units are case-insensitive (RFC 9110 §14.1).
  if (!/^bytes=/i.test(specifier)) {
    return undefined;
  }
  const match = /^(\d*)-(\d*)$/.exec(specifier.slice('bytes='.length));
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

/**
 * Whether an `If-Match` / `If-None-Match` list names the ETag (RFC 9110 §8.8.3.2): If-Match compares
 * strongly, so a weak `W/"…"` tag never matches there; If-None-Match weakly, ignoring the `W/`.
 */
function listed(list: string, etag: string, comparison: 'strong' | 'weak'): boolean {
  const tags = list.split(',').map((tag) => tag.trim());
  if (tags.length === 1 && tags[0] === '*') {
    return true;
  }
  return tags.some((tag) => (comparison === 'weak' ? tag.replace(/^W\//, '') : tag) === etag);
}

/** `If-Modified-Since`-style comparison: undefined for a date that does not parse (the header is ignored). */
function notAfter(date: Date, value: string | undefined): boolean | undefined {
  const since = value === undefined ? NaN : Date.parse(value);
  return Number.isNaN(since) ? undefined : Math.floor(date.getTime() / 1000) <= Math.floor(since / 1000);
}

/** RFC 9110 §13.2.2's order: If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since (GET and HEAD). */
export function precondition(headers: Headers, validators: Validators): Precondition {
  const ifMatch = header(headers, 'if-match');
  if (ifMatch !== undefined) {
    if (!listed(ifMatch, validators.etag, 'strong')) {
      return 'failed';
    }
  } else if (notAfter(validators.lastModified, header(headers, 'if-unmodified-since')) === false) {
    return 'failed';
  }
  const ifNoneMatch = header(headers, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    return listed(ifNoneMatch, validators.etag, 'weak') ? 'not-modified' : 'proceed';
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
