import type { Sql } from '@pulp/database/sql';
import type { ArtifactStorage } from '@pulp/storage';
import { countRows, deleteInBatches } from '../orphans/batch-delete';
import type { StartReport } from '../orphans/orphans';

const ARTIFACT_BATCH = 1000;

/**
 * Deletes the artifacts `where` selects (over `core_artifact t`) in batches, rows first and then
 * their files, counting them in a progress report: orphan cleanup and reclaim space both end so.
 * A row something still references is skipped (deleteInBatches retries such a batch row by row).
 */
export async function deleteArtifacts(
  sql: Sql,
  storage: ArtifactStorage,
  selection: { where: string; params: readonly unknown[] },
  progress: StartReport,
  report: { message: string; code: string },
): Promise<void> {
  const artifacts = { table: 'core_artifact', ...selection };
  const counter = await progress({ ...report, total: await countRows(sql, artifacts) });
  await deleteInBatches<{ file: string; sha256: string }>(sql, artifacts, {
    batch: ARTIFACT_BATCH,
    returning: 't.file, t.sha256',
    deleted: async (rows) => {
      for (const file of await unusedArtifactFiles(sql, rows)) {
        await storage.delete(file);
      }
      await counter.increment(rows.length);
    },
  });
}

/**
 * Of deleted artifacts' files, those no artifact of any domain still names: names are content
 * addressed, so two domains' copies of one file may share it.
 */
async function unusedArtifactFiles(sql: Sql, deleted: { file: string; sha256: string }[]): Promise<string[]> {
  const rows = await sql<{ file: string }>(
    `SELECT d.file FROM unnest($1::text[], $2::text[]) AS d (file, sha256)
      WHERE NOT EXISTS (SELECT 1 FROM core_artifact a JOIN core_domain domain ON domain.pulp_id = a.pulp_domain_id
                         WHERE a.sha256 = d.sha256 AND a.file = d.file)`,
    [deleted.map((row) => row.file), deleted.map((row) => row.sha256)],
  );
  return rows.map((row) => row.file);
}
