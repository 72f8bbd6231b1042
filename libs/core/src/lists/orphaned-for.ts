import { FilterValueError, type Filter } from '@pulp/rest';

/**
 * The most minutes a timestamp is compared back (or forward) by: about 3,800 years, so that
 * `now() - minutes` stays a timestamp PostgreSQL can hold. Nothing is older, so a bigger value
 * selects the same rows.
 */
const MAX_MINUTES = 2e9;

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
      const minutes = Number(raw) === -1 ? protection : Math.min(Math.max(Number(raw), -MAX_MINUTES), MAX_MINUTES);
      return `${orphaned} AND ${timestamp} <= now() - make_interval(secs => ${params.add(minutes * 60, 'float8')})`;
    },
  };
}
