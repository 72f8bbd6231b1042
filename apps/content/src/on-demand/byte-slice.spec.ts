import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { byteSlice } from './byte-slice';

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
