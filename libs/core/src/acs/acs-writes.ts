import { Inject, Injectable } from '@nestjs/common';
import { databaseOf, PG_POOL, uuid7, type Database, type PgPoolLike } from '@pulp/database';
import { currentDomainIdSql } from '@pulp/domains';
import { PulpValidationError } from '@pulp/errors';
import { runCreationHooks } from '@pulp/rbac';
import { DetailTypes } from '../detail-types/detail-types';
import { bodyReference, refuseOtherDomains, refuseTaken, uniqueName } from '../references';
import { createRepository } from '../repository/create-repository';
import { refuseNulls } from '../typed/refuse-nulls';
import type { AcsFields, AcsResponse } from './acs.dto';
import { acsPathUrl, replaceAcsPaths } from './acs-paths';

/** One path of an ACS to refresh: what its sync reads and where it writes. */
export interface AcsRefreshPath {
  remoteId: string;
  remoteType: string;
  repositoryId: string;
  url: string;
}

/** Checks of an ACS body (Pulp's 400s, before anything is written or queued) and the synchronous writes. */
@Injectable()
export class AcsWrites {
  private readonly db: Database;

  constructor(
    @Inject(PG_POOL) pool: PgPoolLike,
    private readonly types: DetailTypes,
  ) {
    this.db = databaseOf(pool);
  }

  /** Creates the ACS with its paths and its creation hooks for user `creator`, in one transaction; answers its id. */
  async create(
    pulpType: string,
    body: AcsFields,
    remoteTypes: readonly string[],
    creator: number | null,
  ): Promise<string> {
    const columns = await this.columns(body, remoteTypes);
    await refuseTaken(this.db.sql, 'core_alternatecontentsource', 'name', body.name, null);
    const id = uuid7();
    // A name taken since the check above (a concurrent create) is the same 400, not a 500.
    await uniqueName(() =>
      this.db.transaction(async (sql) => {
        await sql(
          `INSERT INTO core_alternatecontentsource (pulp_id, pulp_domain_id, pulp_type, name, remote_id, last_refreshed)
         VALUES ($1, ${currentDomainIdSql()}, $2, $3, $4, $5)`,
          [id, pulpType, body.name, columns.remote_id, columns.last_refreshed ?? null],
        );
        await replaceAcsPaths(sql, id, body.paths ?? []);
        await runCreationHooks(sql, this.types.created('acs', pulpType, id), creator);
      }),
    );
    return id;
  }

  /** What an update would change (columns, and `paths` when they differ). */
  async changes(
    id: string,
    body: Partial<AcsFields>,
    current: AcsResponse,
    remoteTypes: readonly string[],
  ): Promise<Record<string, unknown>> {
    const wanted = await this.columns(body, remoteTypes);
    const [row] = await this.db.sql<Record<string, unknown>>(
      'SELECT name, remote_id, last_refreshed FROM core_alternatecontentsource WHERE pulp_id = $1',
      [id],
    );
    const changes: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(wanted)) {
      const before = row[column] instanceof Date ? row[column].getTime() : row[column];
      const after = column === 'last_refreshed' && value !== null ? Date.parse(value as string) : value;
      if (before !== after) {
        changes[column] = value;
      }
    }
    if ('name' in changes) {
      await refuseTaken(this.db.sql, 'core_alternatecontentsource', 'name', changes.name, id);
    }
    const paths = body.paths === undefined ? undefined : [...new Set(body.paths.length > 0 ? body.paths : [''])].sort();
    if (paths !== undefined && JSON.stringify(paths) !== JSON.stringify(current.paths)) {
      changes.paths = paths;
    }
    return changes;
  }

  /**
   * The ACS's paths, each with its hidden repository (made on first refresh, named after the ACS
   * and the path's id as Pulp names it, its creation hooks run for user `creator`), and the URL its sync reads.
   */
  async refreshPaths(id: string, pulpType: string, creator: number | null): Promise<Array<AcsRefreshPath>> {
    return this.db.transaction(async (sql) => {
      const paths = await sql<{
        pulp_id: string;
        path: string;
        repository_id: string | null;
        name: string;
        pulp_domain_id: string;
        remote_id: string;
        remote_type: string;
        url: string;
      }>(
        `SELECT p.pulp_id, p.path, p.repository_id, a.name, a.pulp_domain_id, m.pulp_id AS remote_id,
                m.pulp_type AS remote_type, m.url
           FROM core_alternatecontentsourcepath p
           JOIN core_alternatecontentsource a ON a.pulp_id = p.alternate_content_source_id
           JOIN core_remote m ON m.pulp_id = a.remote_id
          WHERE a.pulp_id = $1 ORDER BY p.path FOR UPDATE OF p`,
        [id],
      );
      const refreshed: AcsRefreshPath[] = [];
      for (const path of paths) {
        let repositoryId = path.repository_id;
        if (repositoryId === null) {
          ({ id: repositoryId } = await createRepository(sql, {
            domainId: path.pulp_domain_id,
            pulpType,
            name: `${path.name}--${path.pulp_id}--repository`,
            userHidden: true,
            // Only what the last refresh found matters to a sync.
            retainRepoVersions: 1,
          }));
          await runCreationHooks(sql, this.types.created('repositories', pulpType, repositoryId), creator);
          await sql('UPDATE core_alternatecontentsourcepath SET repository_id = $2 WHERE pulp_id = $1', [
            path.pulp_id,
            repositoryId,
          ]);
        }
        refreshed.push({
          remoteId: path.remote_id,
          remoteType: path.remote_type,
          repositoryId,
          url: acsPathUrl(path.url, path.path),
        });
      }
      await sql('UPDATE core_alternatecontentsource SET last_refreshed = now() WHERE pulp_id = $1', [id]);
      return refreshed;
    });
  }

  private async columns(body: Partial<AcsFields>, remoteTypes: readonly string[]): Promise<Record<string, unknown>> {
    refuseNulls(body, ['name', 'remote', 'paths']);
    const columns: Record<string, unknown> = {};
    if (body.name !== undefined) {
      columns.name = body.name;
    }
    if (body.last_refreshed !== undefined) {
      columns.last_refreshed = body.last_refreshed;
    }
    if (body.remote !== undefined) {
      columns.remote_id = await this.remote(body.remote, remoteTypes);
    }
    const absolute = (body.paths ?? []).filter((path) => path.startsWith('/'));
    if (absolute.length > 0) {
      throw new PulpValidationError({ paths: ['Path cannot start with a slash.'] });
    }
    return columns;
  }

  private async remote(reference: string, remoteTypes: readonly string[]): Promise<string> {
    const id = bodyReference('remote', reference, 'remotes');
    const [remote] = await this.db.sql<{ pulp_type: string; policy: string; pulp_domain_id: string }>(
      'SELECT pulp_type, policy, pulp_domain_id::text FROM core_remote WHERE pulp_id = $1',
      [id],
    );
    if (!remote || !remoteTypes.includes(remote.pulp_type)) {
      throw new PulpValidationError({ remote: ['Invalid hyperlink - Object does not exist.'] });
    }
    refuseOtherDomains([remote.pulp_domain_id]);
    if (remote.policy !== 'on_demand') {
      throw new PulpValidationError({
        remote: ["Remote used with alternate content source must have the 'on_demand' policy."],
      });
    }
    return id;
  }
}
