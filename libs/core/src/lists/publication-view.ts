import { Injectable } from '@nestjs/common';
import {
  modelFilterSet,
  DATETIME_LOOKUPS,
  fieldFilters,
  identityFilters,
  relatedFilter,
  versionCondition,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import { detailSelect, type DetailFields } from '../typed/detail-fields';
import { heldContentFilters } from './membership';
import type { PublicationResponse } from './publication.dto';
import { pulpTypeFilters } from './pulp-type-filters';
import { TypedRowView, type TypedRow } from './typed-row-view';
import { typedScope } from './scopes';

export interface PublicationRow extends TypedRow {
  repository_version_id: string;
  version_number: number;
  repository_id: string;
  repository_type: string;
}

/**
 * Complete publications (of one type, or all), with the version they publish, its repository and
 * the type's own fields (`detail`).
 */
export function publicationSource(pulpType?: string, detail?: DetailFields): RowSource {
  return {
    id: 'p.pulp_id',
    from: `(SELECT p.*, v.number AS version_number, v.repository_id, r.pulp_type AS repository_type${detail ? `, ${detailSelect(detail, 'dt')}` : ''}
              FROM core_publication p
              JOIN core_repositoryversion v ON v.pulp_id = p.repository_version_id
              JOIN core_repository r ON r.pulp_id = v.repository_id
              ${detail ? `LEFT JOIN ${detail.table} dt ON dt.${detail.key} = p.pulp_id` : ''}
             WHERE p.complete${pulpType ? ` AND p.pulp_type = '${pulpType}'` : ''}) p`,
    columns: 'p.*',
    cached: true,
    scope: typedScope('publications', 'p', pulpType),
  };
}

const PUBLISHED_VERSION = { id: 'p.repository_version_id', repository: 'p.repository_id', number: 'p.version_number' };

/** Pulp's PublicationFilter; a typed list (one type's publications) has no `pulp_type` filters. */
export function publicationFilters(typed: boolean): FilterSet {
  return modelFilterSet(
    'p',
    {
      ...fieldFilters('pulp_created', 'p.pulp_created', 'datetime', DATETIME_LOOKUPS),
      ...fieldFilters('checkpoint', 'p.checkpoint', 'boolean', ['exact']),
      ...(typed ? {} : pulpTypeFilters('p.pulp_type', 'publications')),
      repository: relatedFilter(
        { schema: { type: 'string' }, description: 'Repository referenced by HREF/PRN' },
        (id) => `p.repository_id = ${id}`,
      ),
      repository_version: {
        schema: { type: 'string', format: 'uuid' },
        description: 'Repository Version referenced by HREF/PRN',
        where: (raw, params) => versionCondition(PUBLISHED_VERSION, raw, params),
      },
      ...heldContentFilters('p.repository_id', 'p.version_number'),
      ...identityFilters('p.pulp_id'),
    },
    ['pulp_type', 'complete', 'pass_through', 'checkpoint'],
  );
}

export const PUBLICATION_FILTERS = publicationFilters(false);

@Injectable()
export class PublicationView<Response extends PublicationResponse = PublicationResponse> extends TypedRowView<
  PublicationRow,
  Response
> {
  protected readonly source: RowSource = publicationSource();
  readonly filters: FilterSet = PUBLICATION_FILTERS;

  protected toResponse(row: PublicationRow): Response {
    return this.base(row) as Response;
  }

  /** The fields every publication has. */
  protected base(row: PublicationRow): PublicationResponse {
    return {
      ...this.identity('publications', row),
      repository_version: this.versionHref(row.repository_type, row.repository_id, row.version_number)!,
      repository: this.href('repositories', row.repository_type, row.repository_id)!,
    };
  }
}
