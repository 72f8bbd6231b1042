import { contentTypeFor } from './mime-types';
import { PULP_TYPES_MAP } from './pulp-mime-types';

describe('contentTypeFor', () => {
  it("holds Pulp's whole table, lower-case extensions with their dot", () => {
    expect(PULP_TYPES_MAP.size).toBe(184);
    for (const extension of PULP_TYPES_MAP.keys()) {
      expect(extension).toMatch(/^\.[a-z0-9]+$/);
    }
  });

  it.each([...PULP_TYPES_MAP])('%s is %s, in any case and any directory', (extension, type) => {
    expect(contentTypeFor(`name${extension}`)).toBe(type);
    expect(contentTypeFor(`some.dir/NAME${extension.toUpperCase()}`)).toBe(type);
  });

  it.each([
    // Where Pulp's table differs from the one this server had, from Python's and from mime-db's.
    ['app.js', 'application/javascript'],
    ['module.mjs', 'application/javascript'],
    ['picture.bmp', 'image/x-ms-bmp'],
    ['song.3gp', 'audio/3gpp'],
    ['setup.exe', 'application/octet-stream'],
    ['data.zstd', 'application/zstd'],
    ['feed.xml', 'text/xml'],
    // pulp_file's own test of the content app's types (test_mime_types.py).
    ['a.tar.gz', 'application/gzip'],
    ['a.xml.gz', 'application/gzip'],
    ['a.xml.bz2', 'application/x-bzip2'],
    ['a.xml.zstd', 'application/zstd'],
    ['a.xml.xz', 'application/x-xz'],
    ['a.json', 'application/json'],
    ['a.txt', 'text/plain'],
    ['a.jpg', 'image/jpeg'],
    ['a.JPG', 'image/jpeg'],
    ['a.halabala', 'application/octet-stream'],
    ['a.asd/.asd/a', 'application/octet-stream'],
    ['a.....f', 'application/octet-stream'],
  ])('%s is %s, as in Pulp', (path, type) => {
    expect(contentTypeFor(path)).toBe(type);
  });

  it.each(['a.tgz', 'a.rpm', 'a.deb', 'a.whl', 'a.yaml', 'a.iso', 'a.sig', 'a.md', 'README', 'a.'])(
    '%s, an extension Pulp names no type for, is application/octet-stream',
    (path) => {
      expect(contentTypeFor(path)).toBe('application/octet-stream');
    },
  );

  // os.path.splitext: the dots a file name starts with begin no extension.
  it.each(['.txt', '..txt', 'dir/...txt', 'a.txt/file', 'dir/.json'])('%s has no extension', (path) => {
    expect(contentTypeFor(path)).toBe('application/octet-stream');
  });

  it.each(['...a.txt', 'dir/.hidden.txt', 'a..txt'])('%s ends in .txt', (path) => {
    expect(contentTypeFor(path)).toBe('text/plain');
  });
});
