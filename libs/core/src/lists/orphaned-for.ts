import { FilterValueError, type Filter } from '@pulp/rest';

/**
 * `orphaned_for=<minutes>`: rows `orphaned` calls unused whose `timestamp` (of interest) is at least
 * that old; `-1` means the instance's ORPHAN_PROTECTION_TIME (`protection`).
 */
export function orphanedForFilter(
  description: string,
  protection: number,
  timestamp: string,
  orphaned: string,
): Filter {
  return {
    schema: { type: 'number' },
    description,
    where: (raw, params) => {
      if (!/^\s*-?\d+(\.\d+)?\s*$/.test(raw)) {
        throw new FilterValueError('Enter a number.');
      }
      const minutes = Number(raw) === -1 ? protection : Number(raw);
      return `${orphaned} AND ${timestamp} <= now() - make_interval(secs => ${params.add(minutes * 60, 'float8')})`;
    },
  };
}
