import { contentRelativePathProblem, relativePathProblem } from './relative-path';

describe('relativePathProblem', () => {
  it.each([
    'a',
    'a/b/c.txt',
    'dir with space/file,1.txt',
    '.hidden/x',
    'a..b/..c',
    'ünïcode/ファイル',
    '😀'.repeat(512),
  ])('accepts %j', (path) => {
    expect(relativePathProblem(path)).toBeUndefined();
  });

  it.each([
    ['', 'This field may not be blank.'],
    ['/etc/passwd', "Relative path can't start with '/'."],
    ['../escape', "Relative path must not contain '.' or '..' segments."],
    ['a/../../b', "Relative path must not contain '.' or '..' segments."],
    ['a/./b', "Relative path must not contain '.' or '..' segments."],
    ['.', "Relative path must not contain '.' or '..' segments."],
    ['a//b', 'Relative path must not contain empty segments.'],
    ['a/', 'Relative path must not contain empty segments.'],
    ['a\u0000b', 'Relative path must not contain control characters.'],
    ['a\nb', 'Relative path must not contain control characters.'],
    ['a\\b', "Relative path must not contain '\\'."],
    ['..\\..\\x', "Relative path must not contain '\\'."],
  ])('refuses %j', (path, problem) => {
    expect(relativePathProblem(path)).toBe(problem);
  });
});

describe('contentRelativePathProblem', () => {
  it.each(['a', 'a/b/c.txt', 'file,1.txt', '.hidden/x', 'ünïcode/ファイル'])('accepts %j', (path) => {
    expect(contentRelativePathProblem(path)).toBeUndefined();
  });

  it.each([
    ['dir with space/x', "Relative path must not contain whitespace, '?' or '#'."],
    ['a\u00a0b', "Relative path must not contain whitespace, '?' or '#'."],
    ['what?.txt', "Relative path must not contain whitespace, '?' or '#'."],
    ['a#b', "Relative path must not contain whitespace, '?' or '#'."],
    ['/etc/passwd', "Relative path can't start with '/'."],
    ['a\tb', 'Relative path must not contain control characters.'],
  ])('refuses %j', (path, problem) => {
    expect(contentRelativePathProblem(path)).toBe(problem);
  });
});
