import type { Database } from '@pulp/database/sql';
import type { ArtifactStorage } from '@pulp/storage';
import { countRows, deleteInBatches } from '../orphans/batch-delete';
import { deleteArtifactFile } from './artifact-files';
import type { StartReport } from '../orphans/orphans';

const ARTIFACT_BATCH = 1000;

/**
 * Deletes the artifacts `where` selects (over `core_artifact t`) in batches, rows first and then
 * their files, counting them in a progress report: orphan cleanup and reclaim space both end so.
 * A row something still references is skipped (deleteInBatches retries such a batch row by row).
 */
export async function deleteArtifacts(
  db: Database,
  storage: ArtifactStorage,
  selection: { where: string; params: readonly unknown[] },
  progress: StartReport,
  report: { message: string; code: string },
): Promise<void> {
  const artifacts = { table: 'core_artifact', ...selection };
  const counter = await progress({ ...report, total: await countRows(db.sql, artifacts) });
  await deleteInBatches<{ file: string; sha256: string }>(db.sql, artifacts, {
    batch: ARTIFACT_BATCH,
    returning: 't.file, t.sha256',
    deleted: async (rows) => {
      for (const row of rows) {
        await deleteArtifactFile(db, storage, row);
      }
      await counter.increment(rows.length);
    },
  });
}
