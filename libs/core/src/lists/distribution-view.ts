import { Injectable } from '@nestjs/common';
import { currentDomainName } from '@pulp/domains';
import { contentPathPrefix } from '@pulp/config';
import {
  modelFilterSet,
  fieldFilters,
  identityFilters,
  labelSelectFilter,
  NAME_LOOKUPS,
  relatedFilter,
  relatedListFilter,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import type { ArtifactDistributionResponse, DistributionResponse } from './distribution.dto';
import { versionHolds } from '../repository/membership';
import { pulpTypeFilters } from './pulp-type-filters';
import { TypedRowView, type TypedRow } from './typed-row-view';
import { typedScope } from './scopes';

export interface DistributionRow extends TypedRow {
  pulp_labels: Record<string, string | null>;
  name: string;
  base_path: string;
  hidden: boolean;
  content_guard_id: string | null;
  content_guard_type: string | null;
  repository_id: string | null;
  repository_type: string | null;
}

export const DISTRIBUTION_COLUMNS = `d.*,
  (SELECT g.pulp_type FROM core_contentguard g WHERE g.pulp_id = d.content_guard_id) AS content_guard_type,
  (SELECT r.pulp_type FROM core_repository r WHERE r.pulp_id = d.repository_id) AS repository_type`;

/**
 * The version a distribution serves: the one it names, its publication's, or its repository's
 * latest complete one.
 */
const SERVED_VERSION = `COALESCE(
  d.repository_version_id,
  (SELECT pp.repository_version_id FROM core_publication pp WHERE pp.pulp_id = d.publication_id),
  (SELECT lv.pulp_id FROM core_repositoryversion lv
    WHERE lv.repository_id = d.repository_id AND lv.complete ORDER BY lv.number DESC LIMIT 1))`;

/** Distributions serving a content unit (in the version they serve). */
export const WITH_CONTENT = relatedFilter(
  { schema: { type: 'string' }, description: 'Filter distributions based on the content served by them' },
  (id) =>
    `EXISTS (SELECT 1 FROM core_repositoryversion sv
              WHERE sv.pulp_id = ${SERVED_VERSION}
                AND ${versionHolds('sv.repository_id', 'sv.number', `rc.content_id = ${id}`)})`,
);

/** The columns distributions can be ordered by (Pulp's model fields). */
export const DISTRIBUTION_ORDERING = ['pulp_type', 'name', 'pulp_labels', 'base_path', 'hidden', 'checkpoint'];

/** Pulp's DistributionFilter, as a typed list has it (no `pulp_type`): artifact and file distributions. */
export const TYPED_DISTRIBUTION_FILTERS: FilterSet = modelFilterSet(
  'd',
  {
    ...fieldFilters('name', 'd.name', 'text', NAME_LOOKUPS),
    ...fieldFilters('base_path', 'd.base_path', 'text', ['exact', 'contains', 'icontains', 'in']),
    ...fieldFilters('checkpoint', 'd.checkpoint', 'boolean', ['exact']),
    repository: relatedFilter(
      { schema: { type: 'string', format: 'uuid' }, description: 'Filter results where repository matches value' },
      (id) => `d.repository_id = ${id}`,
    ),
    repository__in: relatedListFilter(
      {
        schema: { type: 'array', items: { type: 'string', format: 'uuid' } },
        description: 'Filter results where repository is in a comma-separated list of values',
      },
      (ids) => `d.repository_id = ANY(${ids})`,
    ),
    with_content: WITH_CONTENT,
    pulp_label_select: labelSelectFilter('d.pulp_labels'),
    ...identityFilters('d.pulp_id'),
  },
  DISTRIBUTION_ORDERING,
);

/** Pulp's DistributionFilter of the generic list. */
export const DISTRIBUTION_FILTERS: FilterSet = {
  ...TYPED_DISTRIBUTION_FILTERS,
  filters: { ...TYPED_DISTRIBUTION_FILTERS.filters, ...pulpTypeFilters('d.pulp_type', 'distributions') },
};

/** Distributions read from `source`; every body has the fields artifact distributions show. */
export abstract class DistributionRows<Response> extends TypedRowView<DistributionRow, Response> {
  protected base(row: DistributionRow): ArtifactDistributionResponse {
    return {
      ...this.identity('distributions', row),
      base_path: row.base_path,
      base_url: `${this.settings.CONTENT_ORIGIN ?? ''}${contentPathPrefix(this.settings, currentDomainName())}${row.base_path}/`,
      content_guard: this.href('contentguards', row.content_guard_type, row.content_guard_id),
      no_content_change_since: null,
      hidden: row.hidden,
      pulp_labels: row.pulp_labels,
      name: row.name,
    };
  }
}

@Injectable()
export class DistributionView extends DistributionRows<DistributionResponse> {
  protected readonly source: RowSource = {
    id: 'd.pulp_id',
    from: 'core_distribution d',
    columns: DISTRIBUTION_COLUMNS,
    cached: true,
    scope: typedScope('distributions', 'd'),
  };
  readonly filters = DISTRIBUTION_FILTERS;

  protected toResponse(row: DistributionRow): DistributionResponse {
    return { ...this.base(row), repository: this.href('repositories', row.repository_type, row.repository_id) };
  }
}

@Injectable()
export class ArtifactDistributionView extends DistributionRows<ArtifactDistributionResponse> {
  protected readonly source: RowSource = {
    id: 'd.pulp_id',
    from: "(SELECT * FROM core_distribution WHERE pulp_type = 'core.artifact') d",
    columns: DISTRIBUTION_COLUMNS,
    cached: true,
    scope: typedScope('distributions', 'd', 'core.artifact'),
  };
  readonly filters = TYPED_DISTRIBUTION_FILTERS;

  protected toResponse(row: DistributionRow): ArtifactDistributionResponse {
    return this.base(row);
  }
}
