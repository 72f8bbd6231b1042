import { PassThrough, Transform, type Readable } from 'node:stream';
import { writeHashedFile, type ChecksumAlgorithm, type HashedFile } from '@pulp/storage/hashed-file';
import { verifyFile, type ExpectedFile } from './verify';

export interface TeeOptions {
  dir: string;
  algorithms: ChecksumAlgorithm[];
  expected: ExpectedFile;
  url: string;
  /** Turns a raw stream failure into the download error it stands for. */
  explain: (error: unknown) => Error;
}

/**
 * Splits `source` between the returned `body` (for a client) and a hashed file on disk. `body` ends
 * only after the file is complete and verified: a failed upstream or a bad digest makes it error
 * instead, so a client can never take a truncated or corrupt stream for a whole one. Destroying `body`
 * early (the client went away) aborts the download; in every failure the file is removed.
 */
export function teeToFile(source: Readable, options: TeeOptions): { body: Readable; file: Promise<HashedFile> } {
  const toDisk = new PassThrough();
  // writeHashedFile attaches its pipeline only after creating the directory; until then a failure must
  // not count as unhandled. It is reported through `file` either way.
  toDisk.on('error', () => undefined);
  const file = writeHashedFile(toDisk, options.dir, options.algorithms)
    .then((written) => verifyFile(written, options.expected, options.url))
    .catch((error: unknown) => {
      throw options.explain(error);
    });
  const body = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk);
    },
    flush(done) {
      file.then(() => done(), done);
    },
  });
  source.once('error', (error) => {
    const cause = options.explain(error);
    toDisk.destroy(cause);
    body.destroy(cause);
  });
  body.once('close', () => {
    if (!body.writableFinished) {
      source.destroy(new Error('The consumer stopped reading'));
    }
  });
  source.pipe(toDisk);
  source.pipe(body);
  // The error also reaches `body`; a caller watching only the stream must not crash on an unhandled rejection.
  file.catch(() => undefined);
  return { body, file };
}
