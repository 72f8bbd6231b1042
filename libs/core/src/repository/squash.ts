import type { Sql } from '@pulp/database/sql';
import { PulpError } from '@pulp/errors';
import { storeSummary, summarize } from './version-summary';

/**
 * Deletes complete version `number` (inside the caller's transaction, which holds the repository).
 * Every other version keeps its content: the deleted version's changes move into the next complete
 * version, whose summary is recomputed against its new predecessor; a unit removed in the deleted
 * version and added back in the next one keeps one continuous range. The latest version's changes
 * are simply undone. The only complete version cannot go.
 */
export async function deleteVersion(sql: Sql, repositoryId: string, number: number): Promise<void> {
  const versions = await sql<{ pulp_id: string; number: number }>(
    'SELECT pulp_id, number FROM core_repositoryversion WHERE repository_id = $1 AND complete ORDER BY number',
    [repositoryId],
  );
  const index = versions.findIndex((version) => version.number === number);
  if (index < 0) {
    throw new PulpError('not-found', 'PLP0404', `Repository version ${number} does not exist.`);
  }
  if (versions.length === 1) {
    throw new PulpError('conflict', 'PLP0409', 'Attempt to delete the last remaining version.');
  }
  const next = versions[index + 1];
  if (next) {
    await squashInto(sql, repositoryId, number, next.number);
    await storeSummary(sql, next.pulp_id, await summarize(sql, repositoryId, next.number));
  } else {
    await sql('DELETE FROM core_repositorycontent WHERE repository_id = $1 AND added_number = $2', [
      repositoryId,
      number,
    ]);
    await sql(
      'UPDATE core_repositorycontent SET removed_number = NULL WHERE repository_id = $1 AND removed_number = $2',
      [repositoryId, number],
    );
  }
  await sql('DELETE FROM core_repositoryversion WHERE pulp_id = $1', [versions[index].pulp_id]);
}

async function squashInto(sql: Sql, repositoryId: string, deleted: number, next: number): Promise<void> {
  const params = [repositoryId, deleted, next];
  // In the deleted version only: no version shows it any more.
  await sql(
    'DELETE FROM core_repositorycontent WHERE repository_id = $1 AND added_number = $2 AND removed_number = $3',
    params,
  );
  // Removed in the deleted version, added back in the next: the old range continues through the next one.
  // Each reopened row's twin is deleted before the join yields it, so the open-row index never sees both.
  await sql(
    `WITH readded AS (
       DELETE FROM core_repositorycontent again USING core_repositorycontent gone
        WHERE again.repository_id = $1 AND again.added_number = $3
          AND gone.repository_id = $1 AND gone.removed_number = $2 AND gone.content_id = again.content_id
       RETURNING again.content_id, again.removed_number)
     UPDATE core_repositorycontent gone SET removed_number = readded.removed_number FROM readded
      WHERE gone.repository_id = $1 AND gone.removed_number = $2 AND gone.content_id = readded.content_id`,
    params,
  );
  await sql(
    'UPDATE core_repositorycontent SET added_number = $3 WHERE repository_id = $1 AND added_number = $2',
    params,
  );
  await sql(
    'UPDATE core_repositorycontent SET removed_number = $3 WHERE repository_id = $1 AND removed_number = $2',
    params,
  );
}

/**
 * Pulp's protected versions, as a condition on version `v`: those a distribution serves, directly
 * or through a publication. Retention keeps them, and the API refuses to delete them.
 */
export const PROTECTED_VERSION = `(EXISTS (SELECT 1 FROM core_distribution d WHERE d.repository_version_id = v.pulp_id)
  OR EXISTS (SELECT 1 FROM core_publication p JOIN core_distribution d ON d.publication_id = p.pulp_id
              WHERE p.repository_version_id = v.pulp_id))`;

/**
 * Pulp's retain_repo_versions: deletes the oldest complete versions beyond the newest `retain`, except
 * protected ones (served by a distribution, directly or through a publication).
 */
export async function applyRetention(sql: Sql, repositoryId: string): Promise<void> {
  const doomed = await sql<{ number: number }>(
    `SELECT v.number FROM core_repositoryversion v JOIN core_repository r ON r.pulp_id = v.repository_id
      WHERE v.repository_id = $1 AND v.complete AND r.retain_repo_versions IS NOT NULL
        AND NOT ${PROTECTED_VERSION}
      ORDER BY v.number DESC OFFSET (SELECT retain_repo_versions FROM core_repository WHERE pulp_id = $1)`,
    [repositoryId],
  );
  for (const { number } of doomed.reverse()) {
    await deleteVersion(sql, repositoryId, number);
  }
}
