import { fieldFilters, parseDateTime, parseWholeNumber } from './filters';
import { SqlParams } from './sql-params';

describe('parseWholeNumber', () => {
  it("keeps numbers within the column's range as exact text", () => {
    expect(parseWholeNumber(' 2147483647 ', 'integer')).toBe('2147483647');
    expect(parseWholeNumber('9007199254740993', 'bigint')).toBe('9007199254740993');
  });

  it.each([
    ['2147483648', 'integer', 'Ensure this value is less than or equal to 2147483647.'],
    ['-2147483649', 'integer', 'Ensure this value is greater than or equal to -2147483648.'],
    ['99999999999999999999', 'bigint', 'Ensure this value is less than or equal to 9223372036854775807.'],
    ['1e3', 'integer', 'Enter a whole number.'],
    [`${'9'.repeat(100_000)}`, 'bigint', 'Ensure this value is less than or equal to 9223372036854775807.'],
  ] as const)('refuses %s for an %s column', (raw, column, message) => {
    expect(() => parseWholeNumber(raw, column)).toThrow(message);
  });

  it('bounds every integer lookup, `in` and `range` included', () => {
    const filters = fieldFilters('number', 'v.number', 'integer', ['gte', 'in', 'range']);
    for (const [name, raw] of [
      ['number__gte', '99999999999999999999'],
      ['number__in', '1,99999999999999999999'],
      ['number__range', '1,99999999999999999999'],
    ]) {
      expect(() => filters[name].where(raw, new SqlParams())).toThrow('Ensure this value is less than or equal to');
    }
  });
});

describe('parseDateTime', () => {
  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:30:00+01:00', '9999-12-31T23:00:00-02:00', '99999-01-01'])(
    'refuses %s, outside the years 1 to 9999',
    (raw) => {
      expect(() => parseDateTime(raw)).toThrow('Enter a valid date/time.');
    },
  );

  it('refuses a 100k-character value at once', () => {
    const started = Date.now();
    expect(() => parseDateTime(`2024-01-01${' '.repeat(100_000)}x`)).toThrow('Enter a valid date/time.');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
