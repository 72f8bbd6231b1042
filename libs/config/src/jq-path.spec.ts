import { applyJqPath, parseJqPath } from './jq-path';

describe('parseJqPath', () => {
  it.each([
    ['.', []],
    ['.identity.org_id', [{ key: 'identity' }, { key: 'org_id' }]],
    ['.a.b[0]', [{ key: 'a' }, { key: 'b' }, { index: 0 }]],
    ['.["key with space"]', [{ key: 'key with space' }]],
    ['."quoted".x', [{ key: 'quoted' }, { key: 'x' }]],
    ['.a["b"].c', [{ key: 'a' }, { key: 'b' }, { key: 'c' }]],
    ['.[-1]', [{ index: -1 }]],
    ['  .a_1 ', [{ key: 'a_1' }]],
    ['.["esc\\"aped"]', [{ key: 'esc"aped' }]],
  ])('reads %s', (filter, steps) => {
    expect(parseJqPath(filter)).toEqual(steps);
  });

  it.each([
    '',
    'a',
    '.a | .b',
    '.a[]',
    '.a?',
    '.[]?',
    '..',
    '.a.',
    '.1a',
    '[0]',
    '.a[',
    '.a[x]',
    'length',
    '.a == 1',
    '.["tab\there"]',
    '."bad\\q"',
  ])('refuses %j', (filter) => {
    expect(parseJqPath(filter)).toBeNull();
  });
});

describe('applyJqPath', () => {
  const value = { identity: { org_id: '123', list: [1, { x: 'y' }] }, 'key with space': true, n: null };

  it('follows keys and indices', () => {
    expect(applyJqPath(value, parseJqPath('.identity.org_id')!)).toBe('123');
    expect(applyJqPath(value, parseJqPath('.identity.list[1].x')!)).toBe('y');
    expect(applyJqPath(value, parseJqPath('.identity.list[-2]')!)).toBe(1);
    expect(applyJqPath(value, parseJqPath('.["key with space"]')!)).toBe(true);
    expect(applyJqPath(value, parseJqPath('.')!)).toBe(value);
  });

  it('finds nothing where the path leads nowhere', () => {
    expect(applyJqPath(value, parseJqPath('.missing.x')!)).toBeUndefined();
    expect(applyJqPath(value, parseJqPath('.n.x')!)).toBeUndefined();
    expect(applyJqPath(value, parseJqPath('.identity.list[5]')!)).toBeUndefined();
    expect(applyJqPath(value, parseJqPath('.identity[0]')!)).toBeUndefined();
    expect(applyJqPath(value, parseJqPath('.identity.org_id.x')!)).toBeUndefined();
    expect(applyJqPath(value, parseJqPath('.identity.list.x')!)).toBeUndefined();
    expect(applyJqPath(value, parseJqPath('.constructor')!)).toBeUndefined();
  });
});

describe('parseJqPath on hostile filters', () => {
  it.each([
    ['50k steps', '.a'.repeat(50_000)],
    ['10k nested brackets', `.${'['.repeat(10_000)}0${']'.repeat(10_000)}`],
    ['an unclosed 100k-character string', `."${'\\x'.repeat(50_000)}`],
    ['a 100k-digit index', `.[${'9'.repeat(100_000)}]`],
  ])('answers %s at once, without deep recursion', (_name, filter) => {
    const started = Date.now();
    const steps = parseJqPath(filter);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(steps === null || Array.isArray(steps)).toBe(true);
  });
});
