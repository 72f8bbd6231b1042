import { FilterValueError, parsePrn, type Filter, type SqlParams } from '@pulp/rest';

const VERSION_HREF = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/versions\/(\d+)\/$/i;

/**
 * SQL selecting the content ids of the repository version a reference names: its href
 * (`…/repositories/file/file/<repo>/versions/<n>/`) or its PRN (`prn:core.repositoryversion:<id>`).
 * Only complete versions exist for clients; membership is the version's number within the range.
 */
export function versionContentSql(reference: string, params: SqlParams): string {
  const prn = parsePrn(reference);
  const href = VERSION_HREF.exec(reference.trim());
  let version: string;
  if (prn?.model === 'core.repositoryversion') {
    version = `v.pulp_id = ${params.add(prn.id, 'uuid')}`;
  } else if (href) {
    version = `v.repository_id = ${params.add(href[1].toLowerCase(), 'uuid')} AND v.number = ${params.add(Number(href[2]), 'int')}`;
  } else {
    throw new FilterValueError(`URI not valid: ${reference}`);
  }
  return `SELECT rc.content_id FROM core_repositorycontent rc
    JOIN core_repositoryversion v ON v.repository_id = rc.repository_id
    WHERE ${version} AND v.complete AND rc.added_number <= v.number
      AND (rc.removed_number IS NULL OR rc.removed_number > v.number)`;
}

/** A `repository_version` filter: `condition` gets the SQL of the version's content ids. */
export function repositoryVersionFilter(description: string, condition: (contentIds: string) => string): Filter {
  return {
    schema: { type: 'string' },
    description,
    where: (raw, params) => condition(versionContentSql(raw, params)),
  };
}

/**
 * `orphaned_for=<minutes>`: rows that `orphanCondition` calls orphaned and whose timestamp of
 * interest is older than that; `-1` means the instance's ORPHAN_PROTECTION_TIME.
 */
export function orphanedForFilter(
  description: string,
  protectionMinutes: number,
  alias: string,
  orphanCondition: string,
): Filter {
  return {
    schema: { type: 'number' },
    description,
    where: (raw, params) => {
      const minutes = Number(raw);
      if (raw.trim() === '' || Number.isNaN(minutes)) {
        throw new FilterValueError('Enter a number.');
      }
      const age = minutes === -1 ? protectionMinutes : minutes;
      return `${orphanCondition} AND ${alias}.timestamp_of_interest < now() - ${params.add(age, 'float8')} * interval '1 minute'`;
    },
  };
}
