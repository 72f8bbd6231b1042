import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import type { ServedDistribution } from '@pulp/core';
import { GenerationCache, SQL, type Sql } from '@pulp/database';
import { DEFAULT_DOMAIN_ID_SQL } from '@pulp/domains';
import { basePathCandidates } from './request-path';
import { DISTRIBUTION_TABLES, ServedTables } from './served-tables';

/** A distribution with what the content app needs to serve it. */
export interface Distribution extends ServedDistribution {
  hidden: boolean;
  checkpoint: boolean;
  contentGuardId: string | null;
}

/** What a request path names among the distributions. */
export type DistributionMatch =
  | { kind: 'distribution'; distribution: Distribution; relativeSegments: string[] }
  /** A prefix of some base paths (`foo` of `foo/bar` and `foo/baz`): their next segments. */
  | { kind: 'partial'; children: string[] }
  | { kind: 'none' };

/**
 * Every distribution of the domain, held in memory while core_distribution (and the tables beside
 * it) do not change: matching a path costs a few map lookups and no SQL. Base paths never nest
 * (the API refuses it), but the longest one wins if rows written some other way do.
 */
@Injectable()
export class DistributionIndex {
  /** One entry: the distributions by base path. */
  private readonly snapshot = new GenerationCache<Promise<Map<string, Distribution>>>(1);

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly tables: ServedTables,
    private readonly settings: PulpSettings,
  ) {}

  async match(segments: readonly string[]): Promise<DistributionMatch> {
    const byBasePath = await this.current();
    for (const candidate of basePathCandidates(segments)) {
      const distribution = byBasePath.get(candidate);
      if (distribution) {
        return { kind: 'distribution', distribution, relativeSegments: segments.slice(candidate.split('/').length) };
      }
    }
    const children = this.childrenOf(byBasePath, segments.join('/'));
    return children.length > 0 ? { kind: 'partial', children } : { kind: 'none' };
  }

  /**
   * The next base path segments below `prefix` (`''`: the content root) of the distributions a
   * listing shows: not hidden, not the artifact distribution, not guarded when HIDE_GUARDED_DISTRIBUTIONS.
   */
  async listed(prefix: string): Promise<string[]> {
    return this.childrenOf(await this.current(), prefix);
  }

  /** Every distribution's base path. */
  async basePaths(): Promise<string[]> {
    return [...(await this.current()).keys()];
  }

  private childrenOf(byBasePath: Map<string, Distribution>, prefix: string): string[] {
    const start = prefix === '' ? '' : `${prefix}/`;
    const children = new Set<string>();
    for (const [basePath, distribution] of byBasePath) {
      if (!basePath.startsWith(start) || distribution.hidden || distribution.pulpType === 'core.artifact') {
        continue;
      }
      if (distribution.contentGuardId && this.settings.HIDE_GUARDED_DISTRIBUTIONS) {
        continue;
      }
      // Every entry is a directory: a distribution, or a prefix of some.
      children.add(`${basePath.slice(start.length).split('/')[0]}/`);
    }
    return [...children];
  }

  /** The snapshot of the current generation, loaded once however many requests ask at the same time. */
  private current(): Promise<Map<string, Distribution>> {
    return this.tables.cached(this.snapshot, DISTRIBUTION_TABLES, '', () => this.load());
  }

  private async load(): Promise<Map<string, Distribution>> {
    const rows = await this.sql<Distribution>(
      `SELECT pulp_id AS id, pulp_type AS "pulpType", base_path AS "basePath", hidden, checkpoint,
              content_guard_id AS "contentGuardId", repository_id AS "repositoryId",
              repository_version_id AS "repositoryVersionId", publication_id AS "publicationId"
         FROM core_distribution WHERE pulp_domain_id = ${DEFAULT_DOMAIN_ID_SQL}`,
    );
    return new Map(rows.map((row) => [row.basePath, row]));
  }
}
