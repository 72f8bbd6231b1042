import { parsePrn, referencedId } from './identity-filters';

describe('references on hostile input', () => {
  it.each([
    ['100k slashes', '/'.repeat(100_000)],
    ['a 100k-character href', `/pulp/api/v3/tasks/${'a'.repeat(100_000)}/`],
    ['a 100k-character PRN', `prn:core.task:${'0'.repeat(100_000)}`],
    ['hex runs between slashes', `/${'0123456789abcdef-/'.repeat(5_000)}`],
  ])('refuses %s at once', (_name, value) => {
    const started = Date.now();
    expect(parsePrn(value)).toBeUndefined();
    expect(() => referencedId(value)).toThrow('URI not valid');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
