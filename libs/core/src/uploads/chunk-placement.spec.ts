import { chunkProblem, coverageProblem, parseContentRange } from './chunk-placement';

describe('parseContentRange', () => {
  it('reads `bytes start-end/total` and `bytes start-end/*`', () => {
    expect(parseContentRange('bytes 0-9/20')).toEqual({ start: 0, end: 9 });
    expect(parseContentRange('bytes 10-19/*')).toEqual({ start: 10, end: 19 });
  });

  it.each([undefined, '', 'bytes=0-9/20', 'bytes 0-9', 'bytes 9-0/20', 'items 0-9/20', 'bytes -1-9/20'])(
    'refuses %p',
    (header) => expect(parseContentRange(header)).toBeUndefined(),
  );
});

describe('chunkProblem', () => {
  it('accepts a chunk that fits, and one that replaces the chunk at its offset', () => {
    expect(chunkProblem({ start: 0, end: 9 }, 10, 20, [])).toBeUndefined();
    expect(chunkProblem({ start: 0, end: 4 }, 5, 20, [{ offset: 0, size: 10 }])).toBeUndefined();
  });

  it("refuses in Pulp's words a size mismatch and a chunk past the end", () => {
    expect(chunkProblem({ start: 0, end: 9 }, 9, 20, [])).toBe('Chunk size does not match content range.');
    expect(chunkProblem({ start: 15, end: 24 }, 10, 20, [])).toBe('End byte is greater than upload size.');
  });

  it('refuses a chunk straddling another', () => {
    expect(chunkProblem({ start: 5, end: 14 }, 10, 20, [{ offset: 0, size: 10 }])).toBe(
      'Chunk overlaps the chunk at bytes 0-9.',
    );
    expect(chunkProblem({ start: 10, end: 19 }, 10, 20, [{ offset: 0, size: 10 }])).toBeUndefined();
  });
});

describe('coverageProblem', () => {
  it('accepts chunks covering the upload exactly, in any order', () => {
    expect(
      coverageProblem(
        [
          { offset: 10, size: 10 },
          { offset: 0, size: 10 },
        ],
        20,
      ),
    ).toBeUndefined();
    expect(coverageProblem([], 0)).toBeUndefined();
  });

  it('names the first missing bytes', () => {
    expect(coverageProblem([{ offset: 10, size: 10 }], 20)).toBe('The upload is incomplete: bytes 0-9 are missing.');
    expect(coverageProblem([{ offset: 0, size: 10 }], 20)).toBe('The upload is incomplete: bytes 10-19 are missing.');
  });
});
