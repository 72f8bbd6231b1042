import { contentInVersion, type TaskContext } from '@pulp/plugin-api';

/** Rows read per query: the manifest of a version of any size is written in constant memory. */
const BATCH = 5000;

interface Line {
  created: string;
  content_id: string;
  relative_path: string;
  sha256: string;
  size: string;
}

/**
 * The file content of version `number` of a repository, newest first, a batch of units per query
 * (keyset on creation time and id, compared as text so no microsecond is lost in JavaScript). A
 * unit whose file was never downloaded (on-demand) shows what its remote promised.
 */
const PAGE = `
  WITH batch AS (
    SELECT c.pulp_id, c.pulp_created FROM core_content c
      JOIN file_filecontent f ON f.content_id = c.pulp_id
     WHERE c.pulp_id IN (${contentInVersion('$1', '$2')})
       AND ($3::timestamptz IS NULL OR (c.pulp_created, c.pulp_id) < ($3::timestamptz, $4::uuid))
     ORDER BY c.pulp_created DESC, c.pulp_id DESC
     LIMIT ${BATCH})
  SELECT b.pulp_created::text AS created, b.pulp_id AS content_id, ca.relative_path,
         COALESCE(a.sha256, ra.sha256) AS sha256, COALESCE(a.size, ra.size) AS size
    FROM batch b
    JOIN core_contentartifact ca ON ca.content_id = b.pulp_id
    LEFT JOIN core_artifact a ON a.pulp_id = ca.artifact_id
    LEFT JOIN LATERAL (SELECT r.sha256, r.size FROM core_remoteartifact r
                        WHERE r.content_artifact_id = ca.pulp_id ORDER BY r.pulp_id LIMIT 1) ra ON a.pulp_id IS NULL
   ORDER BY b.pulp_created DESC, b.pulp_id DESC, ca.relative_path`;

/** PULP_MANIFEST's lines (`relative_path,sha256,size\n`) for a repository version, in batches. */
export async function* manifestLines(
  sql: TaskContext['sql'],
  repositoryId: string,
  number: number,
): AsyncGenerator<string> {
  let after: Line | undefined;
  for (;;) {
    const rows = await sql<Line>(PAGE, [repositoryId, number, after?.created ?? null, after?.content_id ?? null]);
    if (rows.length === 0) {
      return;
    }
    yield rows.map((row) => `${row.relative_path},${row.sha256},${row.size}\n`).join('');
    after = rows[rows.length - 1];
  }
}
