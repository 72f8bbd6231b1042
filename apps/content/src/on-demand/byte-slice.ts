import { Transform } from 'node:stream';
import type { ByteRange } from '../serving/http-conditions';

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
