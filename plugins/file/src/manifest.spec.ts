import { Readable } from 'node:stream';
import { batches, entryUrl, ManifestError, manifestEntries, parseManifestLine } from './manifest';

const SHA = 'ab'.repeat(32);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) {
    all.push(item);
  }
  return all;
}

const parse = (text: string) => collect(manifestEntries(Readable.from([text])));

describe('manifestEntries', () => {
  it('skips blank lines and comments, strips lines and keeps line numbers', async () => {
    const text = `# a comment\n\n  a.txt,${SHA},3  \r\ndir/b.bin,${SHA.toUpperCase()},0\n   \n# end`;
    expect(await parse(text)).toEqual([
      { relativePath: 'a.txt', digest: SHA, size: 3, line: 3 },
      { relativePath: 'dir/b.bin', digest: SHA, size: 0, line: 4 },
    ]);
  });

  it('splits on the last two commas: paths may hold commas', async () => {
    expect(await parse(`a,b,c.txt,${SHA},12\n`)).toEqual([
      { relativePath: 'a,b,c.txt', digest: SHA, size: 12, line: 1 },
    ]);
  });

  it('reads lines split across chunks without the whole file', async () => {
    const chunks = [`x.txt,${SHA.slice(0, 10)}`, `${SHA.slice(10)},4`, '\ny.txt,', `${SHA},5\n`];
    expect((await collect(manifestEntries(Readable.from(chunks)))).map((entry) => entry.relativePath)).toEqual([
      'x.txt',
      'y.txt',
    ]);
  });

  it.each([
    ['a.txt,3', 'expected three comma-separated fields'],
    [`/abs.txt,${SHA},3`, `"/abs.txt": Relative path can't start with '/'`],
    [`a//b.txt,${SHA},3`, `"a//b.txt": Relative path must not contain empty segments`],
    [`dir/,${SHA},3`, `"dir/": Relative path must not contain empty segments`],
    [`../etc/passwd,${SHA},3`, `"../etc/passwd": Relative path must not contain '.' or '..' segments`],
    [`a/./b,${SHA},3`, `"a/./b": Relative path must not contain '.' or '..' segments`],
    [`a\0b,${SHA},3`, '"a\\u0000b": Relative path must not contain control characters'],
    ['a.txt,xyz,3', "'xyz' is not a hex digest"],
    ['a.txt,abcd,3', "'abcd' is not a sha256 digest (64 hex digits)"],
    [`a.txt,${SHA},3.5`, "'3.5' is not a size in bytes"],
    [`a.txt,${SHA},-1`, "'-1' is not a size in bytes"],
    [`a.txt,${SHA},`, "'' is not a size in bytes"],
    [`,${SHA},1`, '"": This field may not be blank'],
  ])('refuses %j naming the line and the format', async (line, reason) => {
    const error = await parse(`# header\nok.txt,${SHA},1\n${line}\n`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).line).toBe(3);
    expect((error as Error).message).toBe(
      `Invalid line 3 in the manifest (${reason}); each line must be '<relative_path>,<sha256 hex digest>,<size in bytes>'.`,
    );
  });

  it('keeps paths a content body could not have: spaces, commas, ? and # (spec §3)', () => {
    expect(parseManifestLine(`dir with space/a,b?c#d.txt,${SHA},1`, 1).relativePath).toBe('dir with space/a,b?c#d.txt');
  });

  it('parses a single line the same way', () => {
    expect(parseManifestLine(`f,${SHA},1`, 7)).toEqual({ relativePath: 'f', digest: SHA, size: 1, line: 7 });
  });
});

describe('batches', () => {
  it('groups items, the last batch holding the rest', async () => {
    expect(await collect(batches(Readable.from([1, 2, 3, 4, 5]), 2))).toEqual([[1, 2], [3, 4], [5]]);
    expect(await collect(batches(Readable.from([]), 2))).toEqual([]);
  });
});

describe('entryUrl', () => {
  it.each([
    ['http://h/repo/PULP_MANIFEST', 'a.txt', 'http://h/repo/a.txt'],
    ['https://u:p@h:8443/a/b/PULP_MANIFEST?token=1', 'c/d.txt', 'https://u:p@h:8443/a/b/c/d.txt?token=1'],
    ['http://h/PULP_MANIFEST', 'sp ace/100%/a?b#c', 'http://h/sp%20ace/100%25/a%3Fb%23c'],
    ['http://h/x/PULP_MANIFEST', "it's(1).txt", 'http://h/x/it%27s%281%29.txt'],
    ['http://h/my%20dir/PULP_MANIFEST', 'f', 'http://h/my%20dir/f'],
    ['file:///srv/repo/PULP_MANIFEST', 'a b/100%.txt', 'file:///srv/repo/a%20b/100%25.txt'],
  ])('%s + %s → %s', (manifest, path, url) => {
    expect(entryUrl(manifest, path)).toBe(url);
  });
});
