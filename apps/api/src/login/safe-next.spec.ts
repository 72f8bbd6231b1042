import { safeNext } from './safe-next';

describe('safeNext', () => {
  it.each(['/pulp/api/v3/', '/pulp/api/v3/tasks/?limit=1&offset=2', '/'])('keeps the site path %s', (next) => {
    expect(safeNext(next)).toBe(next);
  });

  it.each([
    ['another host', '//evil.example/'],
    ['another host behind a backslash', '/\\evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a scheme', 'javascript:alert(1)'],
    ['a relative path', 'pulp/api/v3/'],
    ['a control character', '/a\nLocation: x'],
    ['a space', '/a b'],
    ['a list', ['/a']],
    ['nothing', undefined],
  ])('refuses %s', (_case, next) => {
    expect(safeNext(next)).toBeNull();
  });
});
