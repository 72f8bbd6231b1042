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
import { heldContentFilters } from './membership';
import type { PublicationResponse } from './publication.dto';
import { pulpTypeFilters } from './pulp-type-filters';
import { TypedRowView, type TypedRow } from './typed-row-view';

interface PublicationRow extends TypedRow {
  repository_version_id: string;
  version_number: number;
  repository_id: string;
  repository_type: string;
}

/** Complete publications, with the version they publish and its repository. */
const PUBLICATIONS: RowSource = {
  id: 'p.pulp_id',
  from: `(SELECT p.*, v.number AS version_number, v.repository_id, r.pulp_type AS repository_type
            FROM core_publication p
            JOIN core_repositoryversion v ON v.pulp_id = p.repository_version_id
            JOIN core_repository r ON r.pulp_id = v.repository_id
           WHERE p.complete) p`,
  columns: 'p.*',
  cached: true,
};

const PUBLISHED_VERSION = { id: 'p.repository_version_id', repository: 'p.repository_id', number: 'p.version_number' };

/** Pulp's PublicationFilter. */
export const PUBLICATION_FILTERS: FilterSet = modelFilterSet(
  'p',
  {
    ...fieldFilters('pulp_created', 'p.pulp_created', 'datetime', DATETIME_LOOKUPS),
    ...fieldFilters('checkpoint', 'p.checkpoint', 'boolean', ['exact']),
    ...pulpTypeFilters('p.pulp_type', 'publications'),
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

@Injectable()
export class PublicationView extends TypedRowView<PublicationRow, PublicationResponse> {
  protected readonly source = PUBLICATIONS;
  readonly filters = PUBLICATION_FILTERS;

  protected toResponse(row: PublicationRow): PublicationResponse {
    return {
      ...this.identity('publications', row),
      repository_version: this.versionHref(row.repository_type, row.repository_id, row.version_number)!,
      repository: this.href('repositories', row.repository_type, row.repository_id)!,
    };
  }
}
