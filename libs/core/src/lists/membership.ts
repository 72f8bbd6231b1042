import { relatedFilter, relatedListFilter, type Filter, type RelatedFilterDoc } from '@pulp/rest';

/**
 * SQL over `core_repositorycontent` rows, which put a content unit in versions
 * `[added_number, removed_number)` of a repository (removed_number null: still there).
 */

/** The condition that membership row `rc` puts its content in version `number` of its repository. */
export function presentIn(rc: string, number: string): string {
  return `${rc}.added_number <= ${number} AND (${rc}.removed_number IS NULL OR ${rc}.removed_number > ${number})`;
}

/** The number of a repository's latest complete version (versions being written stay invisible). */
export function latestNumber(repositoryId: string): string {
  return `(SELECT max(lv.number) FROM core_repositoryversion lv WHERE lv.repository_id = ${repositoryId} AND lv.complete)`;
}

/** The condition that version `number` of `repositoryId` holds content satisfying `content` (over `rc`). */
export function versionHolds(repositoryId: string, number: string, content: string): string {
  return `EXISTS (SELECT 1 FROM core_repositorycontent rc
                   WHERE rc.repository_id = ${repositoryId} AND ${content} AND ${presentIn('rc', number)})`;
}

/** How Pulp documents a filter naming one content unit. */
export const CONTENT_REFERENCE: RelatedFilterDoc = {
  schema: { type: 'string' },
  description: 'Content Unit referenced by HREF/PRN',
};

/** `content` and `content__in`: rows whose version (`repositoryId`, `number`) holds the content named. */
export function heldContentFilters(repositoryId: string, number: string): Record<string, Filter> {
  return {
    content: relatedFilter(CONTENT_REFERENCE, (id) => versionHolds(repositoryId, number, `rc.content_id = ${id}`)),
    content__in: relatedListFilter(
      {
        schema: { type: 'array', items: { type: 'string' } },
        description: 'Multiple values may be separated by commas.',
      },
      (ids) => versionHolds(repositoryId, number, `rc.content_id = ANY(${ids})`),
    ),
  };
}
