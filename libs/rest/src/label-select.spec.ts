import { parseLabelSelect } from './label-select';

describe('parseLabelSelect', () => {
  it('reads every kind of term, comma-separated', () => {
    expect(parseLabelSelect('env,!tmp,tier=gold,team!=ops,desc~Fast')).toEqual([
      { key: 'env', op: 'has' },
      { key: 'tmp', op: 'lacks' },
      { key: 'tier', op: 'equals', value: 'gold' },
      { key: 'team', op: 'differs', value: 'ops' },
      { key: 'desc', op: 'contains', value: 'Fast' },
    ]);
  });

  it('takes `\\,` as a literal comma and keys with spaces, dots and dashes', () => {
    expect(parseLabelSelect('my key.v-1=a\\,b,x~=')).toEqual([
      { key: 'my key.v-1', op: 'equals', value: 'a,b' },
      { key: 'x', op: 'contains', value: '=' },
    ]);
  });

  it('allows an empty value and keeps `=` inside values', () => {
    expect(parseLabelSelect('a=,b=c=d')).toEqual([
      { key: 'a', op: 'equals', value: '' },
      { key: 'b', op: 'equals', value: 'c=d' },
    ]);
  });

  it.each([
    ['', "Invalid search term: ''."],
    ['a,', "Invalid search term: ''."],
    ['k(y)', "Invalid search term: 'k(y)'."],
    ['=v', "Invalid search term: '=v'."],
    ['!a=b', "Cannot use an operator with '!a'."],
  ])('refuses %p', (raw, message) => {
    expect(() => parseLabelSelect(raw)).toThrow(message);
  });

  it.each([
    ['a 100k-character key', `${'k'.repeat(100_000)}@`],
    ['100k commas', ','.repeat(100_000)],
    ['a 100k-character value', `k=${'v'.repeat(100_000)}`],
  ])('reads or refuses %s at once', (_name, text) => {
    const started = Date.now();
    try {
      parseLabelSelect(text);
    } catch (error) {
      expect((error as Error).message).toMatch(/^Invalid search term/);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
