import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { bodyReference, existingRows, refuseOtherDomains, refuseTaken, resolveVersion, uniqueName } from '../references';
import { refuseNulls } from './refuse-nulls';
import { changedColumns } from './label-endpoints';
import { labelProblems } from './labels';

import type { RepositoryAddRemoveContentDto, RepositoryFields } from './repository.dto';

/** Repository columns a body sets, by column name. */
export type RepositoryColumns = Partial<
  Record<'name' | 'description' | 'retain_repo_versions' | 'remote_id' | 'pulp_labels', unknown>
>;

/**
 * The checks and conversions of a repository body before anything is written or dispatched: a
 * body that would fail in the task fails here, with Pulp's 400, and nothing is queued.
 */
@Injectable()
export class RepositoryWrites {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** The columns the body sets (only the fields it has), its references resolved. */
  async columns(body: Partial<RepositoryFields>, remoteTypes: readonly string[]): Promise<RepositoryColumns> {
    const columns: RepositoryColumns = {};
    refuseNulls(body, ['name']);
    if (body.pulp_labels !== undefined) {
      const problems = labelProblems(body.pulp_labels ?? {});
      if (problems.length > 0) {
        throw new PulpValidationError({ pulp_labels: problems });
      }
      columns.pulp_labels = body.pulp_labels ?? {};
    }
    if (
      body.retain_repo_versions !== undefined &&
      body.retain_repo_versions !== null &&
      body.retain_repo_versions < 1
    ) {
      throw new PulpValidationError({ retain_repo_versions: ['Ensure this value is greater than or equal to 1.'] });
    }
    for (const key of ['name', 'description', 'retain_repo_versions'] as const) {
      if (body[key] !== undefined) {
        columns[key] = body[key];
      }
    }
    if (body.remote !== undefined) {
      columns.remote_id = body.remote === null ? null : await this.remote(body.remote, remoteTypes);
    }
    return columns;
  }

  /** What an update would change: the body's columns that differ from the row's (a name taken by another is a 400). */
  async changes(
    id: string,
    body: Partial<RepositoryFields>,
    remoteTypes: readonly string[],
  ): Promise<RepositoryColumns> {
    const wanted = await this.columns(body, remoteTypes);
    const [current] = await this.sql<Record<string, unknown>>('SELECT * FROM core_repository WHERE pulp_id = $1', [id]);
    const changes = changedColumns(current, wanted);
    if ('name' in changes) {
      await refuseTaken(this.sql, 'core_repository', 'name', changes.name, id);
    }
    return changes;
  }

  /** Runs `create`; a name the domain already has is Pulp's 400, not a 500. */
  uniqueName<T>(create: () => Promise<T>): Promise<T> {
    return uniqueName(create);
  }

  /**
   * A modify request's task arguments: content ids (that exist; those added of a type the
   * repository holds), `*`, and the base version's id (a version of any repository, as Pulp's).
   */
  async modification(
    repositoryId: string,
    body: RepositoryAddRemoveContentDto,
    contentTypes: readonly string[],
  ): Promise<Record<string, unknown>> {
    const remove = body.remove_content_units ?? [];
    const added = await this.content('add_content_units', body.add_content_units ?? []);
    if (added.some((unit) => !contentTypes.includes(unit.pulp_type))) {
      throw new PulpValidationError({ non_field_errors: ['Content is not supported by this repository.'] });
    }
    return {
      repository_pk: repositoryId,
      add_content_units: added.map((unit) => unit.pulp_id),
      remove_content_units: remove.includes('*')
        ? ['*']
        : (await this.content('remove_content_units', remove)).map((unit) => unit.pulp_id),
      base_version_pk: body.base_version === undefined ? null : await this.baseVersion(body.base_version, contentTypes),
      overwrite: body.overwrite ?? true,
    };
  }

  /**
   * The remote a sync of the repository uses: the body's `remote`, else the repository's own; Pulp's
   * 400s when there is neither, or the body's is unknown or of a type the repository cannot use.
   */
  async syncRemote(
    repositoryId: string,
    reference: string | undefined,
    remoteTypes: readonly string[],
  ): Promise<string> {
    if (reference !== undefined) {
      return this.remote(reference, remoteTypes);
    }
    const [repository] = await this.sql<{ remote_id: string | null }>(
      'SELECT remote_id FROM core_repository WHERE pulp_id = $1',
      [repositoryId],
    );
    if (!repository?.remote_id) {
      throw new PulpValidationError({
        remote: ['This field is required since a remote is not set on the repository.'],
      });
    }
    return repository.remote_id;
  }

  private async remote(reference: string, remoteTypes: readonly string[]): Promise<string> {
    const id = bodyReference('remote', reference, 'remotes');
    const [remote] = await this.sql<{ name: string; pulp_type: string; pulp_domain_id: string }>(
      'SELECT name, pulp_type, pulp_domain_id::text FROM core_remote WHERE pulp_id = $1',
      [id],
    );
    if (!remote) {
      throw new PulpValidationError({ remote: ['Invalid hyperlink - Object does not exist.'] });
    }
    refuseOtherDomains([remote.pulp_domain_id]);
    if (!remoteTypes.includes(remote.pulp_type)) {
      throw new PulpValidationError({ remote: [`Type for Remote '${remote.name}' does not match Repository.`] });
    }
    return id;
  }

  /**
   * A complete version of any repository whose content this one can hold: Pulp takes any version
   * as the base (`--base-repository` names another repository's), and a version with content of a
   * type the repository does not hold would only fail in the task.
   */
  private async baseVersion(reference: string, contentTypes: readonly string[]): Promise<string> {
    const id = await resolveVersion(this.sql, 'base_version', reference);
    const [foreign] = await this.sql(
      `SELECT 1 FROM core_repositoryversion v, jsonb_object_keys(coalesce(v.content_summary->'present', '{}')) t
        WHERE v.pulp_id = $1 AND t <> ALL($2::text[]) LIMIT 1`,
      [id, contentTypes],
    );
    if (foreign) {
      throw new PulpValidationError({ base_version: ['Content is not supported by this repository.'] });
    }
    return id;
  }

  private content(field: string, references: string[]): Promise<Array<{ pulp_id: string; pulp_type: string }>> {
    return existingRows(
      this.sql,
      'core_content',
      field,
      references,
      (missing) => `Could not find the following content units: [${missing.map((href) => `'${href}'`).join(', ')}]`,
      'pulp_id, pulp_type',
    );
  }
}
