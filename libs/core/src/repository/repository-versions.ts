import type { Database, Sql } from '@pulp/database/sql';
import { PulpError } from '@pulp/errors';
import { NewVersion, type VersionPlace, type VersionRef } from './new-version';
import { applyRetention, deleteVersion } from './squash';
import { changesNothing, summarize, type ContentSummary } from './version-summary';

/** A plugin's last word on a version before it becomes visible (e.g. "no two units at one relative path"); throw to refuse it. */
export type VersionValidator = (sql: Sql, version: VersionRef) => Promise<void>;

export interface NewVersionOptions {
  /** Id of a complete version (of any repository) to start from instead of the latest. */
  baseVersionId?: string | null;
  validate?: VersionValidator;
}

export interface CompletedVersion extends VersionRef {
  contentSummary: ContentSummary;
}

/**
 * The repository version engine: versions are built in place, with set-based statements, by the one
 * task that holds the repository, and become visible only when complete. What a failed or killed
 * task leaves behind is discarded when the next version of the repository starts.
 */
export class RepositoryVersions {
  constructor(private readonly db: Database) {}

  /**
   * Builds a version with `work` and finalizes it; a throw anywhere discards it and is rethrown.
   * Resolves to null when the version would change nothing (no version is created).
   */
  async build(
    repositoryId: string,
    work: (version: NewVersion) => Promise<void>,
    options: NewVersionOptions = {},
  ): Promise<CompletedVersion | null> {
    const version = await this.start(repositoryId, options.baseVersionId);
    try {
      await work(version);
    } catch (error) {
      await this.discard(version);
      throw error;
    }
    return this.finalize(version, options.validate);
  }

  /**
   * Starts the next version with the latest version's content, or that of `baseVersionId` (a
   * version of any repository).
   */
  async start(repositoryId: string, baseVersionId?: string | null): Promise<NewVersion> {
    await this.discardLeftovers(repositoryId);
    const { version, base } = await this.db.transaction(async (sql) => {
      const [repository] = await sql<{ next_version: number }>(
        'SELECT next_version FROM core_repository WHERE pulp_id = $1 FOR UPDATE',
        [repositoryId],
      );
      if (!repository) {
        throw new PulpError('not-found', 'PLP0404', `Repository ${repositoryId} does not exist.`);
      }
      const base = baseVersionId ? await this.baseVersion(sql, baseVersionId) : undefined;
      const [row] = await sql<{ pulp_id: string }>(
        `INSERT INTO core_repositoryversion (pulp_id, repository_id, number, base_version_id)
         VALUES (pulp_uuid7(), $1, $2, $3) RETURNING pulp_id`,
        [repositoryId, repository.next_version, baseVersionId ?? null],
      );
      return {
        version: new NewVersion(this.db.sql, row.pulp_id, repositoryId, repository.next_version),
        base,
      };
    });
    if (base) {
      try {
        await version.resetTo(base);
      } catch (error) {
        await this.discard(version);
        throw error;
      }
    }
    return version;
  }

  /**
   * Makes the version visible, with its content summary, then applies the repository's retention.
   * A version that changes nothing is discarded (null); one the validator refuses is discarded and
   * the validator's error rethrown. The number is taken only now, so discarded ones cost none.
   */
  async finalize(version: NewVersion, validate?: VersionValidator): Promise<CompletedVersion | null> {
    try {
      const contentSummary = await summarize(this.db.sql, version.repositoryId, version.number);
      if (changesNothing(contentSummary)) {
        await this.discard(version);
        return null;
      }
      await validate?.(this.db.sql, version);
      await this.db.transaction(async (sql) => {
        await sql(
          `UPDATE core_repositoryversion SET complete = true, content_summary = $2, pulp_last_updated = now()
            WHERE pulp_id = $1`,
          [version.id, JSON.stringify(contentSummary)],
        );
        await sql('UPDATE core_repository SET next_version = $2, pulp_last_updated = now() WHERE pulp_id = $1', [
          version.repositoryId,
          version.number + 1,
        ]);
        await applyRetention(sql, version.repositoryId);
      });
      return { id: version.id, repositoryId: version.repositoryId, number: version.number, contentSummary };
    } catch (error) {
      await this.discard(version);
      throw error;
    }
  }

  /** Removes an incomplete version and every trace of it in the membership rows; a complete one is left alone. */
  async discard(version: VersionRef): Promise<void> {
    await this.db.transaction(async (sql) => {
      const deleted = await sql('DELETE FROM core_repositoryversion WHERE pulp_id = $1 AND NOT complete RETURNING 1', [
        version.id,
      ]);
      if (deleted.length > 0) {
        const params = [version.repositoryId, version.number];
        await sql('DELETE FROM core_repositorycontent WHERE repository_id = $1 AND added_number = $2', params);
        await sql(
          'UPDATE core_repositorycontent SET removed_number = NULL WHERE repository_id = $1 AND removed_number = $2',
          params,
        );
      }
    });
  }

  /** Deletes complete version `number`, squashing its changes into the next one (see deleteVersion). */
  async delete(repositoryId: string, number: number): Promise<void> {
    await this.discardLeftovers(repositoryId);
    await this.db.transaction(async (sql) => {
      await sql('SELECT 1 FROM core_repository WHERE pulp_id = $1 FOR UPDATE', [repositoryId]);
      await deleteVersion(sql, repositoryId, number);
    });
  }

  /** Applies retain_repo_versions now (after the setting was lowered). */
  async retain(repositoryId: string): Promise<void> {
    await this.db.transaction((sql) => applyRetention(sql, repositoryId));
  }

  /** Incomplete versions of a repository are leftovers of killed tasks: only one task at a time builds one. */
  private async discardLeftovers(repositoryId: string): Promise<void> {
    const leftovers = await this.db.sql<{ pulp_id: string; number: number }>(
      'SELECT pulp_id, number FROM core_repositoryversion WHERE repository_id = $1 AND NOT complete',
      [repositoryId],
    );
    for (const leftover of leftovers) {
      await this.discard({ id: leftover.pulp_id, repositoryId, number: leftover.number });
    }
  }

  private async baseVersion(sql: Sql, id: string): Promise<VersionPlace> {
    const [base] = await sql<VersionPlace>(
      'SELECT repository_id AS "repositoryId", number FROM core_repositoryversion WHERE pulp_id = $1 AND complete',
      [id],
    );
    if (!base) {
      throw new PulpError('invalid', 'PLP0001', 'The base version must be a complete repository version.');
    }
    return base;
  }
}
