import { INTEGER_RANGES } from './column-values';
import { FilterValueError } from './filter-error';
import { parsePrn, referencedId } from './identity-filters';
import type { SqlParams } from './sql-params';

const VERSION_HREF = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/versions\/(\d+)\/$/i;

/** A repository version as clients name it: by href (repository and number) or by PRN (its own uuid). */
export type VersionReference = { id: string } | { repositoryId: string; number: number };

/** The repository and number a version href (`…/repositories/<type>/<uuid>/versions/<n>/`) names. */
function versionHref(value: string): { repositoryId: string; number: number } | undefined {
  const href = VERSION_HREF.exec(value.trim());
  if (!href) {
    return undefined;
  }
  // A number beyond the column's range names no version (and PostgreSQL would refuse to compare it).
  if (href[2].length > 10 || BigInt(href[2]) > INTEGER_RANGES.integer.max) {
    throw new FilterValueError(`URI not valid: ${value}`);
  }
  return { repositoryId: href[1].toLowerCase(), number: Number(href[2]) };
}

/** Reads `…/repositories/<type>/<uuid>/versions/<n>/` or `prn:core.repositoryversion:<uuid>`. */
export function parseVersionReference(value: string): VersionReference {
  const href = versionHref(value);
  if (href) {
    return href;
  }
  const prn = parsePrn(value.trim());
  if (prn?.model === 'core.repositoryversion') {
    return { id: prn.id };
  }
  throw new FilterValueError(`URI not valid: ${value}`);
}

/**
 * What any object reference names, as Pulp resolves any href: a repository version by its place
 * (its href holds no uuid of its own), anything else by its uuid (from its href, PRN or the uuid).
 */
export function parseObjectReference(value: string): VersionReference {
  return versionHref(value) ?? { id: referencedId(value) };
}

/** Where a row keeps a repository version: its uuid, and its repository's uuid and number. */
export interface VersionColumns {
  id: string;
  repository: string;
  number: string;
}

/** The columns of `core_repositoryversion v`. */
export const VERSION_ROW: VersionColumns = { id: 'v.pulp_id', repository: 'v.repository_id', number: 'v.number' };

/** The condition that the version in `columns` is the one `value` names (a reference, or one already read). */
export function versionCondition(columns: VersionColumns, value: string | VersionReference, params: SqlParams): string {
  const reference = typeof value === 'string' ? parseVersionReference(value) : value;
  return 'id' in reference
    ? `${columns.id} = ${params.add(reference.id, 'uuid')}`
    : `${columns.repository} = ${params.add(reference.repositoryId, 'uuid')} AND ${columns.number} = ${params.add(reference.number, 'int')}`;
}
