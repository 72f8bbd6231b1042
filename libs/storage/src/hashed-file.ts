// Nest-free on purpose: code that unit tests load (the downloader) imports it as `@pulp/storage/hashed-file`.
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The checksums Pulp knows, in its order. */
export const CHECKSUM_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];
export type Digests = Partial<Record<ChecksumAlgorithm, string>>;

/** A local file written from a stream, with its size and the digests computed on the way. */
export interface HashedFile {
  path: string;
  size: number;
  digests: Digests;
}

/** Raised when a stream is longer than the caller allowed; the partial file is already removed. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than ${limit} bytes.`);
  }
}

/**
 * Streams `source` into a new file in `dir` while computing `algorithms`: one pass over the bytes,
 * constant memory whatever the size. On any failure (or more than `maxSize` bytes) the partial
 * file is removed before the error propagates, so nothing half-written stays behind.
 */
export async function writeHashedFile(
  source: Readable,
  dir: string,
  algorithms: readonly ChecksumAlgorithm[],
  maxSize = Infinity,
): Promise<HashedFile> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `upload-${randomUUID()}`);
  const hashes = algorithms.map((algorithm) => [algorithm, createHash(algorithm)] as [ChecksumAlgorithm, Hash]);
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxSize) {
        done(new TooLargeError(maxSize));
        return;
      }
      for (const [, hash] of hashes) {
        hash.update(chunk);
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(path));
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
  return { path, size, digests: Object.fromEntries(hashes.map(([name, hash]) => [name, hash.digest('hex')])) };
}

/** The hex digest of a stream's bytes (e.g. to verify a stored file), without writing it anywhere. */
export async function digestOf(source: Readable, algorithm: ChecksumAlgorithm): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of source) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
