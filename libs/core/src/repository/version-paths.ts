import type { Sql } from '@pulp/database/sql';
import { PulpError } from '@pulp/errors';
import type { VersionRef } from './new-version';

/**
 * The files of a version being built (its open membership rows), one row per distinct
 * (path, artifact): two units sharing one file at one path are no conflict, as in Pulp.
 */
const VERSION_FILES = `
  SELECT DISTINCT ca.relative_path AS path, ca.artifact_id
    FROM core_repositorycontent rc JOIN core_contentartifact ca ON ca.content_id = rc.content_id
   WHERE rc.repository_id = $1 AND rc.removed_number IS NULL`;

/**
 * The first path conflict of the version: a path two files claim, or a path that is a directory
 * of another (`a` and `a/b`). Each path is joined with its own ancestors (a few per path), so the
 * check is one hash join, never a comparison of every pair.
 */
const PATH_CONFLICTS = `
  WITH files AS (${VERSION_FILES}),
  paths AS (SELECT DISTINCT path FROM files)
  (SELECT 'duplicate' AS kind, path, NULL AS other FROM files GROUP BY path HAVING count(*) > 1 LIMIT 1)
  UNION ALL
  (SELECT 'overlap', p.path, q.path
     FROM paths p
    CROSS JOIN LATERAL generate_series(1, cardinality(string_to_array(p.path, '/')) - 1) AS depth
     JOIN paths q ON q.path = array_to_string((string_to_array(p.path, '/'))[1:depth], '/')
    LIMIT 1)`;

/**
 * Pulp's validate_version_paths: no two files of a version at one path, and no file at a path
 * another's path runs through; fails with "Repository version errors : …".
 */
export async function validateVersionPaths(sql: Sql, version: VersionRef): Promise<void> {
  const conflicts = await sql<{ kind: string; path: string; other: string | null }>(PATH_CONFLICTS, [
    version.repositoryId,
  ]);
  const conflict = conflicts.find((row) => row.kind === 'duplicate') ?? conflicts[0];
  if (conflict) {
    const problem =
      conflict.kind === 'duplicate'
        ? `Path is duplicated: ${conflict.path}`
        : `The path for file '${conflict.path}' overlaps: ${conflict.other}`;
    throw new PulpError('invalid', 'PLP0001', `Repository version errors : ${problem}`);
  }
}
