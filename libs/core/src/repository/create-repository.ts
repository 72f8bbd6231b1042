import type { Sql } from '@pulp/database/sql';
import { EMPTY_SUMMARY } from './version-summary';

export interface NewRepository {
  domainId: string;
  /** The typed repository's type, e.g. `file.file`. */
  pulpType: string;
  name: string;
  description?: string | null;
  retainRepoVersions?: number | null;
  retainCheckpoints?: number | null;
  remoteId?: string | null;
  pulpLabels?: Record<string, string>;
  userHidden?: boolean;
}

/**
 * Inserts a repository with its empty, complete version 0, in one statement (a plugin inserts its own
 * row in the same transaction). A taken name fails with PostgreSQL's unique violation (23505).
 */
export async function createRepository(
  sql: Sql,
  repository: NewRepository,
): Promise<{ id: string; versionId: string }> {
  const [row] = await sql<{ repository_id: string; pulp_id: string }>(
    `WITH repository AS (
       INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name, description, retain_repo_versions,
                                    retain_checkpoints, remote_id, pulp_labels, user_hidden, next_version)
       VALUES (pulp_uuid7(), $1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING pulp_id)
     INSERT INTO core_repositoryversion (pulp_id, repository_id, number, complete, content_summary)
     SELECT pulp_uuid7(), pulp_id, 0, true, $10 FROM repository RETURNING repository_id, pulp_id`,
    [
      repository.domainId,
      repository.pulpType,
      repository.name,
      repository.description ?? null,
      repository.retainRepoVersions ?? null,
      repository.retainCheckpoints ?? null,
      repository.remoteId ?? null,
      JSON.stringify(repository.pulpLabels ?? {}),
      repository.userHidden ?? false,
      JSON.stringify(EMPTY_SUMMARY),
    ],
  );
  return { id: row.repository_id, versionId: row.pulp_id };
}
