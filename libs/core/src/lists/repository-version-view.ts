import { Injectable } from '@nestjs/common';
import {
  columnOrdering,
  commaList,
  DATETIME_LOOKUPS,
  fieldFilters,
  identityFilters,
  versionCondition,
  VERSION_ROW,
  type FilterSet,
  type ListQuery,
  type RowSource,
} from '@pulp/rest';
import { heldContentFilters } from './membership';
import type { ContentCount, ContentSummaryResponse, RepositoryVersionResponse } from './repository.dto';
import { TypedRowView } from './typed-row-view';
import { VERSION_SCOPE } from './scopes';

/** What the version engine stores in `content_summary`: per part, `pulp_type` → count. */
type StoredSummary = Record<keyof ContentSummaryResponse, Record<string, number>>;

interface RepositoryVersionRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  number: number;
  repository_id: string;
  repository_type: string;
  content_summary: StoredSummary | null;
  base_version_id: string | null;
  base_number: number | null;
  base_repository_id: string | null;
  base_repository_type: string | null;
}

/** Complete versions only: one being written does not exist for the API. */
const VERSIONS: RowSource = {
  id: 'v.pulp_id',
  from: `(SELECT v.*, r.pulp_type AS repository_type, r.pulp_domain_id, b.number AS base_number,
                 b.repository_id AS base_repository_id, br.pulp_type AS base_repository_type
            FROM core_repositoryversion v
            JOIN core_repository r ON r.pulp_id = v.repository_id
            LEFT JOIN core_repositoryversion b ON b.pulp_id = v.base_version_id
            LEFT JOIN core_repository br ON br.pulp_id = b.repository_id
           WHERE v.complete) v`,
  columns: 'v.*',
  cached: true,
  scope: VERSION_SCOPE,
  domain: 'v.pulp_domain_id',
};

/** The content list parameter showing each part of a version's summary. */
const SUMMARY_FILTER: Record<keyof ContentSummaryResponse, string> = {
  added: 'repository_version_added',
  removed: 'repository_version_removed',
  present: 'repository_version',
};

const { pulp_id__in: _byId, pulp_href__in: _byHref, ...byPrn } = identityFilters('v.pulp_id', 'core.repositoryversion');
const { pk, ...columns } = columnOrdering('v', [
  'pulp_id',
  'pulp_created',
  'pulp_last_updated',
  'number',
  'complete',
  'info',
]);

/** Pulp's RepositoryVersionFilter; versions are named by their own hrefs (`…/versions/<n>/`), not by uuid. */
export const REPOSITORY_VERSION_FILTERS: FilterSet = {
  filters: {
    ...fieldFilters('number', 'v.number', 'integer', ['exact', 'lt', 'lte', 'gt', 'gte', 'range']),
    ...fieldFilters('pulp_created', 'v.pulp_created', 'datetime', DATETIME_LOOKUPS),
    ...heldContentFilters('v.repository_id', 'v.number'),
    pulp_href__in: {
      schema: { type: 'array', items: { type: 'string' } },
      description: 'Multiple values may be separated by commas.',
      list: true,
      where: (raw, params) =>
        commaList(raw)
          .map((value) => `(${versionCondition(VERSION_ROW, value, params)})`)
          .join(' OR ') || 'FALSE',
    },
    ...byPrn,
  },
  // Pulp's schema offers content_ids, a column we do not keep: ordering by it changes nothing.
  ordering: { ...columns, content_ids: 'NULL::int', pk },
  defaultOrder: 'v.pulp_created DESC, v.pulp_id DESC',
};

@Injectable()
export class RepositoryVersionView extends TypedRowView<RepositoryVersionRow, RepositoryVersionResponse> {
  protected readonly source = VERSIONS;
  readonly filters = REPOSITORY_VERSION_FILTERS;

  /** A page of one repository's versions (its typed `versions/` list). */
  listOf(repositoryId: string, list: ListQuery): Promise<{ count: number; results: RepositoryVersionResponse[] }> {
    return this.list({
      ...list,
      where: `(${list.where}) AND v.repository_id = $${list.values.length + 1}::uuid`,
      values: [...list.values, repositoryId],
    });
  }

  /** Version `number` of a repository, with its uuid, or undefined. */
  async findNumber(
    repositoryId: string,
    number: number,
  ): Promise<{ id: string; body: RepositoryVersionResponse } | undefined> {
    const { from, columns } = this.source;
    const [row] = await this.sql<RepositoryVersionRow>(
      `SELECT ${columns} FROM ${from} WHERE v.repository_id = $1::uuid AND v.number = $2`,
      [repositoryId, number],
    );
    return row && { id: row.pulp_id, body: this.toResponse(row) };
  }

  protected toResponse(row: RepositoryVersionRow): RepositoryVersionResponse {
    const href = this.versionHref(row.repository_type, row.repository_id, row.number)!;
    const prn = `prn:core.repositoryversion:${row.pulp_id}`;
    return {
      pulp_href: href,
      prn,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      number: row.number,
      repository: this.href('repositories', row.repository_type, row.repository_id)!,
      base_version: this.versionHref(row.base_repository_type, row.base_repository_id, row.base_number),
      content_summary: this.summary(row.content_summary, href),
      vuln_report: `${this.api}vuln_report/?repo_versions=${prn}`,
    };
  }

  /** The stored counts with, per type, the content list that shows them. */
  private summary(stored: StoredSummary | null, version: string): ContentSummaryResponse {
    const part = (name: keyof ContentSummaryResponse): Record<string, ContentCount> =>
      Object.fromEntries(
        Object.entries(stored?.[name] ?? {}).map(([type, count]) => [
          type,
          {
            count,
            href: `${this.api}content/${this.types.segment('content', type)}/?${SUMMARY_FILTER[name]}=${version}`,
          },
        ]),
      );
    return { added: part('added'), removed: part('removed'), present: part('present') };
  }
}
