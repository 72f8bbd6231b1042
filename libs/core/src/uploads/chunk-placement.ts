/** Where a chunk goes in its upload: byte offsets, both inclusive, as Content-Range gives them. */
export interface ChunkRange {
  start: number;
  end: number;
}

/** A chunk already received. */
export interface StoredChunk {
  offset: number;
  size: number;
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;

/** `bytes <start>-<end>/<total|*>` → the range; undefined when the header is missing or not that. */
export function parseContentRange(header: string | undefined): ChunkRange | undefined {
  const match = CONTENT_RANGE.exec(header?.trim() ?? '');
  if (!match) {
    return undefined;
  }
  const range = { start: Number(match[1]), end: Number(match[2]) };
  return range.end >= range.start ? range : undefined;
}

/**
 * Why a chunk of `chunkSize` bytes cannot go at `range` of an upload of `uploadSize` bytes, in
 * Pulp's words, or undefined when it can. A chunk at the offset of an earlier one replaces it
 * (a client retrying); one that straddles another chunk would make the file ambiguous.
 */
export function chunkProblem(
  range: ChunkRange,
  chunkSize: number,
  uploadSize: number,
  existing: readonly StoredChunk[],
): string | undefined {
  if (range.end - range.start + 1 !== chunkSize) {
    return 'Chunk size does not match content range.';
  }
  if (range.end > uploadSize - 1) {
    return 'End byte is greater than upload size.';
  }
  const overlapped = existing.find(
    (chunk) =>
      chunk.offset !== range.start && chunk.offset <= range.end && chunk.offset + chunk.size - 1 >= range.start,
  );
  return (
    overlapped && `Chunk overlaps the chunk at bytes ${overlapped.offset}-${overlapped.offset + overlapped.size - 1}.`
  );
}

/** The first gap (or excess) in chunks that should cover `[0, uploadSize)` exactly, in order. */
export function coverageProblem(chunks: readonly StoredChunk[], uploadSize: number): string | undefined {
  let next = 0;
  for (const chunk of [...chunks].sort((a, b) => a.offset - b.offset)) {
    if (chunk.offset !== next) {
      return `The upload is incomplete: bytes ${next}-${chunk.offset - 1} are missing.`;
    }
    next += chunk.size;
  }
  return next === uploadSize ? undefined : `The upload is incomplete: bytes ${next}-${uploadSize - 1} are missing.`;
}
