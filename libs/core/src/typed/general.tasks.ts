import { Injectable } from '@nestjs/common';
import { DatabaseEncryption, uuid7, type Sql } from '@pulp/database';
import { currentDomainIdSql } from '@pulp/domains';
import { PulpError } from '@pulp/errors';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { deleteAcs, replaceAcsPaths } from '../acs/acs-paths';
import { DetailTypes, type Master } from '../detail-types/detail-types';
import { DomainTasks } from '../domains/domain.tasks';
import { encryptSecretColumns, REMOTE_SECRETS } from '../remotes/remote-secrets';
import { RepositoryTypes } from '../repository/repository-hooks';
import { applyRetention } from '../repository/squash';
import { overlappingDistributionSql } from './base-path';
import { ContentCreation, type ContentSource } from './content-creation';
import { insertDetail, updateDetail } from './detail-fields';
import { REMOTE_COLUMNS } from './remote-columns';
import { TypedBodies } from './typed-bodies';

const FOREIGN_KEY_VIOLATION = '23503';

export const GENERAL_CREATE_TASK = 'pulpcore.app.tasks.base.general_create';
export const GENERAL_UPDATE_TASK = 'pulpcore.app.tasks.base.ageneral_update';
export const GENERAL_DELETE_TASK = 'pulpcore.app.tasks.base.ageneral_delete';

/**
 * The master tables these tasks write, the columns a body may set (the API checked the values),
 * and those stored encrypted.
 */
const MASTERS: Partial<Record<Master, { table: string; columns: readonly string[]; secrets?: readonly string[] }>> = {
  repositories: {
    table: 'core_repository',
    columns: ['name', 'description', 'retain_repo_versions', 'remote_id', 'pulp_labels'],
  },
  remotes: { table: 'core_remote', columns: REMOTE_COLUMNS, secrets: REMOTE_SECRETS.columns },
  distributions: {
    table: 'core_distribution',
    columns: [
      'name',
      'base_path',
      'hidden',
      'pulp_labels',
      'content_guard_id',
      'repository_id',
      'repository_version_id',
      'publication_id',
      'checkpoint',
    ],
  },
  acs: { table: 'core_alternatecontentsource', columns: ['name', 'remote_id', 'last_refreshed'] },
};

/**
 * Pulp's general create, update and delete of a typed object, run as tasks holding the object (or,
 * for distributions, every distribution of the domain) so that they never overlap the work on it.
 * Domains, which Pulp updates and deletes with the same tasks, are handed to DomainTasks.
 * `data` holds the master row's columns, `detail` the type's own (its view declares its table, see
 * DetailFields); both are written in one transaction. Create and update store the object's body as
 * the task's `result` (pulp-glue uses it as the entity).
 */
@Injectable()
export class GeneralTasks {
  constructor(
    private readonly types: DetailTypes,
    private readonly bodies: TypedBodies,
    private readonly contents: ContentCreation,
    private readonly repositories: RepositoryTypes,
    private readonly encryption: DatabaseEncryption,
    private readonly domains: DomainTasks,
  ) {}

  @TaskHandler(GENERAL_CREATE_TASK)
  async create(context: TaskContext): Promise<unknown> {
    const { kwargs, transaction, createdResource } = context;
    if (kwargs.master === 'content') {
      return this.createContent(context);
    }
    const masterName = kwargs.master as Master;
    const { table, columns, secrets = [] } = master(masterName);
    const data = encryptSecretColumns(permitted(kwargs.data, columns), secrets, this.encryption);
    const id = uuid7();
    const pulpType = String(kwargs.pulp_type);
    const detail = this.bodies.detail(masterName, pulpType);
    await transaction(async (sql) => {
      await checkDistribution(sql, masterName, data, null);
      await sql(
        `INSERT INTO ${table} (pulp_id, pulp_domain_id, pulp_type, ${data.map(([column]) => column).join(', ')})
         VALUES ($1, ${currentDomainIdSql()}, $2, ${data.map((_entry, index) => `$${index + 3}`).join(', ')})`,
        [id, kwargs.pulp_type, ...columnValues(data)],
      );
      if (detail) {
        await insertDetail(sql, detail, id, kwargs.detail);
      }
    });
    await createdResource(
      this.types.prn(masterName, pulpType, id),
      `${masterName}/${this.types.segment(masterName, pulpType)}/${id}/`,
    );
    return this.bodies.body(masterName, pulpType, id);
  }

  /**
   * A content unit from one file (kwargs `source`, `data`, `pulp_labels`), added to the repository
   * `repository_pk` in a new version when one is given: its version is recorded first, as Pulp's is.
   */
  private async createContent(context: TaskContext): Promise<unknown> {
    const { kwargs } = context;
    const pulpType = String(kwargs.pulp_type);
    const id = await this.contents.create(
      context,
      pulpType,
      kwargs.source as ContentSource,
      (kwargs.data as Record<string, unknown>) ?? {},
      (kwargs.pulp_labels as Record<string, string | null>) ?? {},
    );
    const repositoryId = kwargs.repository_pk as string | null | undefined;
    if (repositoryId) {
      await this.repositories.buildVersion(context, repositoryId, (version) => version.add([id]), {
        overwrite: kwargs.overwrite !== false,
      });
    }
    await context.createdResource(
      this.types.prn('content', pulpType, id),
      `content/${this.types.segment('content', pulpType)}/${id}/`,
    );
    return this.bodies.body('content', pulpType, id);
  }

  @TaskHandler(GENERAL_UPDATE_TASK)
  async update(context: TaskContext): Promise<unknown> {
    const { kwargs, transaction, sql } = context;
    if (kwargs.master === 'domains') {
      return this.domains.update(context);
    }
    const masterName = kwargs.master as Master;
    const { table, columns, secrets = [] } = master(masterName);
    const data = encryptSecretColumns(permitted(kwargs.data, columns), secrets, this.encryption);
    const paths = masterName === 'acs' ? (kwargs.data as { paths?: string[] }).paths : undefined;
    const [row] = await sql<{ pulp_type: string }>(`SELECT pulp_type FROM ${table} WHERE pulp_id = $1`, [kwargs.pk]);
    if (!row) {
      return null;
    }
    const detail = this.bodies.detail(masterName, row.pulp_type);
    await transaction(async (sql) => {
      await checkDistribution(sql, masterName, data, String(kwargs.pk));
      // The master row's timestamp says the object changed, whichever of its tables did.
      await sql(
        `UPDATE ${table} SET ${data.map(([column], index) => `${column} = $${index + 2}, `).join('')}pulp_last_updated = now()
          WHERE pulp_id = $1`,
        [kwargs.pk, ...columnValues(data)],
      );
      if (detail) {
        await updateDetail(sql, detail, String(kwargs.pk), kwargs.detail);
      }
      if (paths !== undefined) {
        await replaceAcsPaths(sql, String(kwargs.pk), paths);
      }
      if (masterName === 'repositories' && data.some(([column]) => column === 'retain_repo_versions')) {
        await applyRetention(sql, String(kwargs.pk));
      }
    });
    return this.bodies.body(masterName, row.pulp_type, String(kwargs.pk));
  }

  @TaskHandler(GENERAL_DELETE_TASK)
  async delete(context: TaskContext): Promise<null> {
    const { kwargs, sql, transaction } = context;
    if (kwargs.master === 'domains') {
      return this.domains.delete(context);
    }
    if (kwargs.master === 'acs') {
      // An ACS takes the hidden repositories its refreshes filled with it.
      await transaction((sql) => deleteAcs(sql, String(kwargs.pk)));
    } else {
      await sql(`DELETE FROM ${master(kwargs.master as Master).table} WHERE pulp_id = $1`, [kwargs.pk]).catch(
        stillUsed,
      );
    }
    return null;
  }
}

/** Rethrows a delete refused by a protecting reference (e.g. a remote an ACS uses) as the task's clear error. */
function stillUsed(error: unknown): never {
  const { code, table } = error as { code?: string; table?: string };
  if (code === FOREIGN_KEY_VIOLATION) {
    throw new PulpError('invalid', 'PLP0001', `Cannot delete: it is still used by ${table ?? 'another object'}.`);
  }
  throw error;
}

function master(name: Master): { table: string; columns: readonly string[]; secrets?: readonly string[] } {
  const known = MASTERS[name];
  if (!known) {
    throw new Error(`No general create, update or delete for "${String(name)}"`);
  }
  return known;
}

/** The body's columns this master lets a task write (anything else is ignored, never interpolated). */
function permitted(data: unknown, columns: readonly string[]): Array<[string, unknown]> {
  return Object.entries(data as Record<string, unknown>).filter(([column]) => columns.includes(column));
}

/** jsonb columns of the masters: written as JSON text (the driver would make a JS array a PostgreSQL array). */
const JSON_COLUMNS: readonly string[] = ['pulp_labels', 'headers'];

/** Column values as the driver takes them. */
export function columnValues(data: Array<[string, unknown]>): unknown[] {
  return data.map(([column, value]) => (JSON_COLUMNS.includes(column) ? JSON.stringify(value) : value));
}

/**
 * Checked again while the task holds every distribution: a base path that another request made
 * overlap since this one was checked fails the task instead of being written.
 */
async function checkDistribution(sql: Sql, masterName: Master, data: Array<[string, unknown]>, id: string | null) {
  const basePath = data.find(([column]) => column === 'base_path')?.[1];
  if (masterName !== 'distributions' || basePath === undefined) {
    return;
  }
  const [overlap] = await sql<{ name: string }>(overlappingDistributionSql(), [basePath, id]);
  if (overlap) {
    throw new PulpError('invalid', 'PLP0001', `Overlaps with existing distribution '${overlap.name}'`);
  }
}
