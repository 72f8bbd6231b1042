import { dirname, posix } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { relativePathProblem } from './relative-path';

/** One file a PULP_MANIFEST lists (spec: file-plugin §3). */
export interface ManifestEntry {
  relativePath: string;
  /** sha256, lower-case hex. */
  digest: string;
  size: number;
  /** 1-based line number in the manifest, for messages. */
  line: number;
}

export const MANIFEST_FORMAT = '<relative_path>,<sha256 hex digest>,<size in bytes>';

/** A manifest line that is not an entry; the message names the line and the format it should have. */
export class ManifestError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`Invalid line ${line} in the manifest (${reason}); each line must be '${MANIFEST_FORMAT}'.`);
  }
}

const HEX = /^[0-9a-fA-F]+$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const DIGITS = /^[0-9]+$/;

/** Parses one stripped, non-comment line; throws ManifestError naming `line`. */
export function parseManifestLine(text: string, line: number): ManifestEntry {
  // Split on the last two commas: a relative path may itself contain commas.
  const last = text.lastIndexOf(',');
  const middle = last > 0 ? text.lastIndexOf(',', last - 1) : -1;
  if (middle < 0) {
    throw new ManifestError(line, 'expected three comma-separated fields');
  }
  const relativePath = text.slice(0, middle);
  const digest = text.slice(middle + 1, last);
  const size = text.slice(last + 1);
  const pathProblem = relativePathProblem(relativePath);
  if (pathProblem) {
    throw new ManifestError(line, `${JSON.stringify(relativePath)}: ${pathProblem.replace(/\.$/, '')}`);
  }
  if (!HEX.test(digest)) {
    throw new ManifestError(line, `'${digest}' is not a hex digest`);
  }
  if (!SHA256_HEX.test(digest)) {
    throw new ManifestError(line, `'${digest}' is not a sha256 digest (64 hex digits)`);
  }
  if (!DIGITS.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new ManifestError(line, `'${size}' is not a size in bytes`);
  }
  return { relativePath, digest: digest.toLowerCase(), size: Number(size), line };
}

/**
 * The entries of a manifest read from `source`, line by line: blank lines and `#` comments are
 * skipped, the first bad line throws. Only one line is held at a time, whatever the manifest's size.
 */
export async function* manifestEntries(source: Readable): AsyncGenerator<ManifestEntry> {
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const raw of lines) {
      number++;
      const text = raw.trim();
      if (text === '' || text.startsWith('#')) {
        continue;
      }
      yield parseManifestLine(text, number);
    }
  } finally {
    lines.close();
    source.destroy();
  }
}

/** Groups an async iterable into arrays of at most `size` items (batched writes, bounded memory). */
export async function* batches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) {
    yield batch;
  }
}

/**
 * Where an entry's file is: beside the manifest (same scheme, host and query), at
 * `dirname(manifest path)/relative_path`, percent-quoted as Python's `quote` does, except for
 * file:// URLs whose path is used as it is.
 */
export function entryUrl(manifestUrl: string, relativePath: string): string {
  const url = new URL(manifestUrl);
  if (url.protocol === 'file:') {
    const file = pathToFileURL(posix.join(dirname(fileURLToPath(url)), relativePath));
    file.search = url.search;
    return file.href;
  }
  const directory = url.pathname.slice(0, url.pathname.lastIndexOf('/'));
  url.pathname = `${directory}/${relativePath.split('/').map(quote).join('/')}`;
  return url.href;
}

/** Python's `urllib.parse.quote` of one path segment: only letters, digits and `_.-~` stay as they are. */
function quote(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
