import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import type { ServedDistribution } from '@pulp/core';
import { GenerationCache, SQL, type Sql } from '@pulp/database';
import type { DomainRef } from '@pulp/domains';
import { basePathCandidates } from './request-path';
import { DISTRIBUTION_TABLES, ServedTables } from './served-tables';

/** A distribution with what the content app needs to serve it. */
export interface Distribution extends ServedDistribution {
  hidden: boolean;
  checkpoint: boolean;
  contentGuardId: string | null;
  /** Its domain, which serves it. */
  domain: DomainRef;
  /** Its domain hides guarded distributions from listings. */
  hideGuarded: boolean;
  /** Its path below CONTENT_PATH_PREFIX: the base path, after `<domain>/` with DOMAIN_ENABLED. */
  servedPath: string;
}

/** What a request path names among the distributions. */
export type DistributionMatch =
  | { kind: 'distribution'; distribution: Distribution; relativeSegments: string[] }
  /** A prefix of some base paths (`foo` of `foo/bar` and `foo/baz`): their next segments. */
  | { kind: 'partial'; children: string[] }
  | { kind: 'none' };

/**
 * Every distribution, by its path below CONTENT_PATH_PREFIX (`<domain>/<base path>` with
 * DOMAIN_ENABLED: a domain's name is then the first segment), held in memory while
 * core_distribution (and the tables beside it) do not change: matching a path costs a few map
 * lookups and no SQL. Base paths never nest within a domain (the API refuses it), but the longest
 * one wins if rows written some other way do.
 */
@Injectable()
export class DistributionIndex {
  /** One entry: the distributions by served path. */
  private readonly snapshot = new GenerationCache<Promise<Map<string, Distribution>>>(1);

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly tables: ServedTables,
    private readonly settings: PulpSettings,
  ) {}

  async match(segments: readonly string[]): Promise<DistributionMatch> {
    const byPath = await this.current();
    for (const candidate of basePathCandidates(segments)) {
      const distribution = byPath.get(candidate);
      if (distribution) {
        return { kind: 'distribution', distribution, relativeSegments: segments.slice(candidate.split('/').length) };
      }
    }
    const children = this.childrenOf(byPath, segments.join('/'));
    return children.length > 0 ? { kind: 'partial', children } : { kind: 'none' };
  }

  /**
   * The next base path segments below `prefix` (`''`: the content root) of the distributions a
   * listing shows: not hidden, not the artifact distribution, not guarded when HIDE_GUARDED_DISTRIBUTIONS.
   */
  async listed(prefix: string): Promise<string[]> {
    return this.childrenOf(await this.current(), prefix);
  }

  /** Every distribution's served path. */
  async servedPaths(): Promise<string[]> {
    return [...(await this.current()).keys()];
  }

  private childrenOf(byPath: Map<string, Distribution>, prefix: string): string[] {
    const start = prefix === '' ? '' : `${prefix}/`;
    const children = new Set<string>();
    for (const [path, distribution] of byPath) {
      if (!path.startsWith(start) || distribution.hidden || distribution.pulpType === 'core.artifact') {
        continue;
      }
      if (distribution.contentGuardId && (this.settings.HIDE_GUARDED_DISTRIBUTIONS || distribution.hideGuarded)) {
        continue;
      }
      // Every entry is a directory: a distribution, or a prefix of some.
      children.add(`${path.slice(start.length).split('/')[0]}/`);
    }
    return [...children];
  }

  /** The snapshot of the current generation, loaded once however many requests ask at the same time. */
  private current(): Promise<Map<string, Distribution>> {
    return this.tables.cached(this.snapshot, DISTRIBUTION_TABLES, '', () => this.load());
  }

  private async load(): Promise<Map<string, Distribution>> {
    // Without DOMAIN_ENABLED every row is in `default` (start-up refuses otherwise).
    const rows = await this.sql<Omit<Distribution, 'servedPath'>>(
      `SELECT x.pulp_id AS id, x.pulp_type AS "pulpType", x.base_path AS "basePath", x.hidden, x.checkpoint,
              x.content_guard_id AS "contentGuardId", x.repository_id AS "repositoryId",
              x.repository_version_id AS "repositoryVersionId", x.publication_id AS "publicationId",
              json_build_object('id', d.pulp_id, 'name', d.name) AS domain,
              d.hide_guarded_distributions AS "hideGuarded"
         FROM core_distribution x JOIN core_domain d ON d.pulp_id = x.pulp_domain_id`,
    );
    return new Map(
      rows.map((row) => {
        const servedPath = this.settings.DOMAIN_ENABLED ? `${row.domain.name}/${row.basePath}` : row.basePath;
        return [servedPath, { ...row, servedPath }];
      }),
    );
  }
}
