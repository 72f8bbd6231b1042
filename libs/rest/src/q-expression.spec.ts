import { parseQ } from './q-expression';

describe('parseQ', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parseQ('a=1 OR NOT b=2 AND c=3')).toEqual({
      kind: 'or',
      left: { kind: 'term', filter: 'a', value: '1' },
      right: {
        kind: 'and',
        left: { kind: 'not', operand: { kind: 'term', filter: 'b', value: '2' } },
        right: { kind: 'term', filter: 'c', value: '3' },
      },
    });
  });

  it('honours parentheses and quoted values', () => {
    expect(parseQ(`(a="x y" OR b='/p/a:b/') AND c=d,e`)).toEqual({
      kind: 'and',
      left: {
        kind: 'or',
        left: { kind: 'term', filter: 'a', value: 'x y' },
        right: { kind: 'term', filter: 'b', value: '/p/a:b/' },
      },
      right: { kind: 'term', filter: 'c', value: 'd,e' },
    });
  });

  it.each(['', 'a=1 AND', '(a=1', 'a=1)', 'a=', 'a=1 b=2', 'FOO a=1', 'a="open', 'a=/x'])(
    'refuses %p as a syntax error',
    (text) => {
      expect(() => parseQ(text)).toThrow('Syntax error in expression.');
    },
  );

  it('counts one per term and one per operator, up to 8', () => {
    expect(() => parseQ('a=1 AND b=2 AND c=3 AND NOT d=4')).not.toThrow(); // 4 terms + 4 operators
    expect(() => parseQ('a=1 AND b=2 AND c=3 AND d=4 AND e=5')).toThrow(
      'Filter expression exceeds allowed complexity.',
    );
  });

  it.each([
    ['10k nested parentheses', `${'('.repeat(10_000)}a=1${')'.repeat(10_000)}`],
    ['10k unclosed parentheses', `${'('.repeat(10_000)}a=1`],
    ['a chain of 10k NOTs', `${'NOT '.repeat(10_000)}a=1`],
    ['10k terms', Array.from({ length: 10_000 }, () => 'a=1').join(' OR ')],
  ])('refuses %s as too complex, at once and without deep recursion', (_name, text) => {
    const started = Date.now();
    expect(() => parseQ(text)).toThrow('Filter expression exceeds allowed complexity.');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('nests parentheses as deep as an expression within the complexity needs', () => {
    expect(parseQ(`${'('.repeat(16)}a=1${')'.repeat(16)}`)).toEqual({ kind: 'term', filter: 'a', value: '1' });
  });

  it('reads a 100k-character value', () => {
    expect(parseQ(`a="${'x'.repeat(100_000)}"`)).toEqual({ kind: 'term', filter: 'a', value: 'x'.repeat(100_000) });
  });
});
