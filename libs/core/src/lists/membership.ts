import { relatedFilter, relatedListFilter, type Filter, type RelatedFilterDoc } from '@pulp/rest';
import { versionHolds } from '../repository/membership';

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
