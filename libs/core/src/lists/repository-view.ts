import { Injectable } from '@nestjs/common';
import {
  modelFilterSet,
  fieldFilters,
  identityFilters,
  labelSelectFilter,
  NAME_LOOKUPS,
  NUMERIC_NULLABLE_LOOKUPS,
  relatedFilter,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import { inVersion, latestNumber } from '../repository/membership';
import { detailSelect, type DetailFields } from '../typed/detail-fields';
import { CONTENT_REFERENCE } from './membership';
import { pulpTypeFilters } from './pulp-type-filters';
import type { RepositoryResponse } from './repository.dto';
import { TypedRowView, type TypedRow } from './typed-row-view';
import { typedScope } from './scopes';

export interface RepositoryRow extends TypedRow {
  pulp_labels: Record<string, string | null>;
  name: string;
  description: string | null;
  retain_repo_versions: number | null;
  remote_id: string | null;
  remote_type: string | null;
  latest_number: number | null;
}

const LATEST = latestNumber('r.pulp_id');

/**
 * Repositories users made (of one type, or all), with their latest complete version; internal,
 * hidden ones are left out. A type's own fields (`detail`) come with its rows, under their names.
 */
export function repositorySource(pulpType?: string, detail?: DetailFields): RowSource {
  const own = detail
    ? `, ${detailSelect(detail, 'x')} FROM core_repository m LEFT JOIN ${detail.table} x ON x.${detail.key} = m.pulp_id`
    : ' FROM core_repository m';
  return {
    id: 'r.pulp_id',
    from: `(SELECT m.*${own} WHERE NOT m.user_hidden${pulpType ? ` AND m.pulp_type = '${pulpType}'` : ''}) r`,
    columns: `r.*, ${LATEST} AS latest_number,
            (SELECT m.pulp_type FROM core_remote m WHERE m.pulp_id = r.remote_id) AS remote_type`,
    cached: true,
    scope: typedScope('repositories', 'r', pulpType),
  };
}

/** Repositories holding the content in a complete version satisfying `versions` (over `rc`). */
const holding = (id: string, versions: string) =>
  `EXISTS (SELECT 1 FROM core_repositorycontent rc
            WHERE rc.repository_id = r.pulp_id AND rc.content_id = ${id} AND ${versions})`;

/** Pulp's RepositoryFilter; a typed list (one type's repositories) has no `pulp_type` filters. */
export function repositoryFilters(typed: boolean): FilterSet {
  return modelFilterSet(
    'r',
    {
      ...fieldFilters('name', 'r.name', 'text', NAME_LOOKUPS),
      ...(typed ? {} : pulpTypeFilters('r.pulp_type', 'repositories')),
      ...fieldFilters('retain_repo_versions', 'r.retain_repo_versions', 'integer', NUMERIC_NULLABLE_LOOKUPS),
      remote: relatedFilter(
        { schema: { type: 'string', format: 'uuid' }, description: 'Foreign Key referenced by HREF' },
        (id) => `r.remote_id = ${id}`,
        'r.remote_id IS NULL',
      ),
      with_content: relatedFilter(CONTENT_REFERENCE, (id) => holding(id, `rc.added_number <= ${LATEST}`)),
      latest_with_content: relatedFilter(CONTENT_REFERENCE, (id) => holding(id, inVersion('rc', LATEST))),
      pulp_label_select: labelSelectFilter('r.pulp_labels'),
      ...identityFilters('r.pulp_id'),
    },
    ['pulp_type', 'name', 'pulp_labels', 'description', 'next_version', 'retain_repo_versions', 'user_hidden'],
  );
}

export const REPOSITORY_FILTERS = repositoryFilters(false);

@Injectable()
export class RepositoryView extends TypedRowView<RepositoryRow, RepositoryResponse> {
  protected readonly source: RowSource = repositorySource();
  readonly filters: FilterSet = REPOSITORY_FILTERS;

  protected toResponse(row: RepositoryRow): RepositoryResponse {
    const identity = this.identity('repositories', row);
    return {
      ...identity,
      versions_href: `${identity.pulp_href}versions/`,
      pulp_labels: row.pulp_labels,
      latest_version_href: this.versionHref(row.pulp_type, row.pulp_id, row.latest_number),
      name: row.name,
      description: row.description,
      retain_repo_versions: row.retain_repo_versions,
      remote: this.href('remotes', row.remote_type, row.remote_id),
    };
  }
}
