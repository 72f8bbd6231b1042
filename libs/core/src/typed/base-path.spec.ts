import { basePathProblem } from './base-path';

describe('basePathProblem', () => {
  it.each(['foo', 'foo/bar', 'a.b/c-d_e', 'x/.hidden'])('accepts %p', (path) => {
    expect(basePathProblem(path)).toBeUndefined();
  });

  it.each([
    ['/foo', "Base path must not start or end with '/'."],
    ['foo/', "Base path must not start or end with '/'."],
    ['foo//bar', "Base path must not contain empty, '.' or '..' segments."],
    ['foo/../bar', "Base path must not contain empty, '.' or '..' segments."],
    ['./foo', "Base path must not contain empty, '.' or '..' segments."],
    ['foo bar', "Base path must not contain whitespace, '?' or '#'."],
    ['foo?x', "Base path must not contain whitespace, '?' or '#'."],
    ['foo#x', "Base path must not contain whitespace, '?' or '#'."],
    ['foo\\bar', "Base path must not contain '\\'."],
  ])('refuses %p', (path, problem) => {
    expect(basePathProblem(path)).toBe(problem);
  });
});
