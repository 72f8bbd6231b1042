import { Transform } from 'node:stream';
import type { ByteRange } from '@pulp/storage';

/** Passes on only the bytes of `range` (ends inclusive) of what flows through it. */
export function byteSlice(range: ByteRange): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const from = Math.max(0, range.start - offset);
      const to = Math.min(chunk.length, range.end + 1 - offset);
      offset += chunk.length;
      done(null, from < to ? chunk.subarray(from, to) : undefined);
    },
  });
}

/**
 * Holds back the latest chunk until the stream ends and `until` resolves: the client's copy is
 * complete only once the source ended well and what had to follow it is done (for a download, its
 * checksum matched and the artifact is saved). When either fails, the client is left short of the
 * Content-Length it was promised, and cannot take the file for whole.
 */
export function holdLastChunk(until: Promise<unknown> = Promise.resolve()): Transform {
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const previous = held;
      held = chunk;
      done(null, previous);
    },
    flush(done) {
      until.then(() => done(null, held), done);
    },
  });
}
