import { basePathCandidates, parseContentPath } from './request-path';

describe('parseContentPath', () => {
  it('decodes segments and remembers a trailing slash', () => {
    expect(parseContentPath('files/a%20b/c.txt')).toEqual({
      segments: ['files', 'a b', 'c.txt'],
      trailingSlash: false,
    });
    expect(parseContentPath('files/dir/')).toEqual({ segments: ['files', 'dir'], trailingSlash: true });
    expect(parseContentPath('')).toEqual({ segments: [], trailingSlash: true });
  });

  it.each([
    ['files/../secret'],
    ['files/%2e%2e/secret'],
    ['files/%2E%2E/secret'],
    ['files/./a'],
    ['files/%2e/a'],
    ['files//a'],
    ['/files/a'],
    ['files/a%00b'],
    ['files/a%0ab'],
    ['files/a%2fb'],
    ['files/a%5cb'],
    ['files/%zz'],
  ])('refuses %s', (raw) => {
    expect(parseContentPath(raw)).toBeUndefined();
  });
});

describe('basePathCandidates', () => {
  it('lists every prefix, longest first', () => {
    expect(basePathCandidates(['a', 'b', 'c.rpm'])).toEqual(['a/b/c.rpm', 'a/b', 'a']);
    expect(basePathCandidates([])).toEqual([]);
  });
});
