import { FilterValueError } from './filter-error';
import { integerId, integerIdentityFilters } from './integer-keys';
import { SqlParams } from './sql-params';

describe('integer keys', () => {
  it('takes positive whole numbers that fit an integer column', () => {
    expect(integerId('1')).toBe('1');
    expect(integerId('2147483647')).toBe('2147483647');
    for (const raw of ['0', '-1', '2147483648', '99999999999', '1.5', 'abc', '', ' 1']) {
      expect(integerId(raw)).toBeUndefined();
    }
  });

  const filters = integerIdentityFilters('u.id', 'auth.user');
  const where = (name: string, raw: string) => {
    const params = new SqlParams();
    return { sql: filters[name].where(raw, params), values: params.values };
  };

  it('reads ids from hrefs and PRNs of its model; PRNs of other models match nothing', () => {
    expect(where('pulp_href__in', '/pulp/api/v3/users/3/,/pulp/api/v3/users/12/')).toEqual({
      sql: 'u.id = ANY($1::integer[])',
      values: [['3', '12']],
    });
    expect(where('prn__in', 'prn:auth.user:7,prn:core.group:8')).toEqual({
      sql: 'u.id = ANY($1::integer[])',
      values: [['7']],
    });
  });

  it('refuses what is no href or PRN, and checks uuids that no integer key equals', () => {
    expect(() => where('pulp_href__in', '/pulp/api/v3/users/x/')).toThrow(FilterValueError);
    expect(() => where('prn__in', 'auth.user:7')).toThrow('Invalid PRN: auth.user:7');
    expect(where('pulp_id__in', '0190a0e4-0000-7000-8000-000000000000').sql).toBe('false');
    expect(() => where('pulp_id__in', 'nope')).toThrow('Enter a valid UUID.');
  });
});
