import { INTEGER_RANGES } from './column-values';
import { FilterValueError } from './filter-error';
import { parsePrn } from './identity-filters';
import type { SqlParams } from './sql-params';

const VERSION_HREF = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/versions\/(\d+)\/$/i;

/** A repository version as clients name it: by href (repository and number) or by PRN (its own uuid). */
export type VersionReference = { id: string } | { repositoryId: string; number: number };

/** Reads `…/repositories/<type>/<uuid>/versions/<n>/` or `prn:core.repositoryversion:<uuid>`. */
export function parseVersionReference(value: string): VersionReference {
  const trimmed = value.trim();
  const href = VERSION_HREF.exec(trimmed);
  // A number beyond the column's range names no version (and PostgreSQL would refuse to compare it).
  if (href && BigInt(href[2]) <= INTEGER_RANGES.integer.max) {
    return { repositoryId: href[1].toLowerCase(), number: Number(href[2]) };
  }
  const prn = parsePrn(trimmed);
  if (prn?.model === 'core.repositoryversion') {
    return { id: prn.id };
  }
  throw new FilterValueError(`URI not valid: ${value}`);
}

/** Where a row keeps a repository version: its uuid, and its repository's uuid and number. */
export interface VersionColumns {
  id: string;
  repository: string;
  number: string;
}

/** The condition that the version in `columns` is the one `value` names. */
export function versionCondition(columns: VersionColumns, value: string, params: SqlParams): string {
  const reference = parseVersionReference(value);
  return 'id' in reference
    ? `${columns.id} = ${params.add(reference.id, 'uuid')}`
    : `${columns.repository} = ${params.add(reference.repositoryId, 'uuid')} AND ${columns.number} = ${params.add(reference.number, 'int')}`;
}
