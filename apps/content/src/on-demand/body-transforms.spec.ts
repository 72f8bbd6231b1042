import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { byteSlice, holdLastChunk } from './body-transforms';

describe('byteSlice', () => {
  const chunks = ['abcd', 'efgh', 'ijkl'].map((chunk) => Buffer.from(chunk));
  const sliced = async (start: number, end: number) =>
    (await buffer(Readable.from(chunks).pipe(byteSlice({ start, end })))).toString();

  it('keeps the range across chunk boundaries', async () => {
    expect(await sliced(2, 9)).toBe('cdefghij');
    expect(await sliced(0, 11)).toBe('abcdefghijkl');
    expect(await sliced(4, 7)).toBe('efgh');
    expect(await sliced(11, 11)).toBe('l');
  });
});

describe('holdLastChunk', () => {
  it('passes everything on, the last chunk only at the end', async () => {
    const chunks = ['ab', 'cd', 'ef'].map((chunk) => Buffer.from(chunk));
    expect((await buffer(Readable.from(chunks).pipe(holdLastChunk()))).toString()).toBe('abcdef');
  });

  it('waits for `until` before the last chunk, and fails with it', async () => {
    const chunks = ['ab', 'cd'].map((chunk) => Buffer.from(chunk));
    const failing = Readable.from(chunks).pipe(holdLastChunk(Promise.reject(new Error('not saved'))));
    const seen: string[] = [];
    failing.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
    await expect(new Promise((resolve, reject) => failing.on('end', resolve).on('error', reject))).rejects.toThrow(
      'not saved',
    );
    expect(seen).toEqual(['ab']);
  });

  it('never passes on the last chunk of a source that fails', async () => {
    const source = new Readable({ read() {} });
    const held = holdLastChunk();
    const seen: string[] = [];
    held.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
    held.on('error', () => undefined);
    source.pipe(held);
    source.push('ab');
    source.push('cd');
    await new Promise((resolve) => setImmediate(resolve));
    held.destroy(new Error('checksum mismatch'));
    expect(seen).toEqual(['ab']);
  });
});
