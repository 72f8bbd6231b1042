import { Injectable } from '@nestjs/common';
import {
  identityFilters,
  labelSelectFilter,
  versionCondition,
  VERSION_ROW,
  type Filter,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import type { MultipleArtifactContentResponse } from './content.dto';
import { orphanContent } from '../orphans/orphan-conditions';
import { inVersion } from '../repository/membership';
import { orphanedForFilter } from './orphaned-for';
import { pulpTypeFilters } from './pulp-type-filters';
import { TypedRowView, type TypedRow } from './typed-row-view';
import { contentScope } from './scopes';

interface ContentRow extends TypedRow {
  pulp_labels: Record<string, string | null>;
  /** relative path → artifact uuid (null until an on-demand download saves it). */
  artifacts: Record<string, string | null>;
}

const CONTENT: RowSource = {
  id: 'c.pulp_id',
  from: 'core_content c',
  columns: `c.*, coalesce((SELECT jsonb_object_agg(ca.relative_path, ca.artifact_id)
                             FROM core_contentartifact ca WHERE ca.content_id = c.pulp_id), '{}') AS artifacts`,
  cached: true,
  scope: contentScope('c'),
  domain: 'c.pulp_domain_id',
};

/** Content whose membership row `rc` in the version named satisfies `membership` (given the version number). */
function versionFilter(membership: (number: string) => string): Filter {
  return {
    schema: { type: 'string' },
    description: 'Repository Version referenced by HREF/PRN',
    // A semi-join from the version's membership rows: the planner starts from the (few) rows of one
    // repository instead of testing every content unit.
    where: (raw, params) =>
      `c.pulp_id IN (SELECT rc.content_id FROM core_repositoryversion v
                       JOIN core_repositorycontent rc ON rc.repository_id = v.repository_id
                      WHERE v.complete AND ${versionCondition(VERSION_ROW, raw, params)}
                        AND ${membership('v.number')})`,
  };
}

/** Pulp's ContentFilter; `orphanProtection` is ORPHAN_PROTECTION_TIME (minutes). */
export function contentFilters(orphanProtection: number): FilterSet {
  return {
    filters: {
      ...pulpTypeFilters('c.pulp_type', 'content'),
      repository_version: versionFilter((number) => inVersion('rc', number)),
      repository_version_added: versionFilter((number) => `rc.added_number = ${number}`),
      repository_version_removed: versionFilter((number) => `rc.removed_number = ${number}`),
      orphaned_for: orphanedForFilter(
        'Minutes Content has been orphaned for. -1 uses ORPHAN_PROTECTION_TIME.',
        orphanProtection,
        'c.timestamp_of_interest',
        orphanContent('c'),
      ),
      pulp_label_select: labelSelectFilter('c.pulp_labels'),
      ...identityFilters('c.pulp_id'),
    },
    ordering: { pk: 'c.pulp_id' },
    defaultOrder: 'c.pulp_created DESC, c.pulp_id DESC',
  };
}

@Injectable()
export class ContentView extends TypedRowView<ContentRow, MultipleArtifactContentResponse> {
  protected readonly source = CONTENT;

  get filters(): FilterSet {
    return contentFilters(this.settings.ORPHAN_PROTECTION_TIME);
  }

  protected toResponse(row: ContentRow): MultipleArtifactContentResponse {
    return {
      ...this.identity('content', row),
      pulp_labels: row.pulp_labels,
      vuln_report: null,
      artifacts: Object.fromEntries(
        Object.entries(row.artifacts).map(([path, id]) => [path, id && `${this.api}artifacts/${id}/`]),
      ),
    };
  }
}
