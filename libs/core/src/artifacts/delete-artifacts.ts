import type { Database } from '@pulp/database/sql';
import type { DomainStorages } from '@pulp/domains';
import { countRows, deleteInBatches } from '../orphans/batch-delete';
import { deleteArtifactFile, type DeletedArtifact } from './artifact-files';
import type { StartReport } from '../orphans/orphans';

const ARTIFACT_BATCH = 1000;

/**
 * Deletes the artifacts `where` selects (over `core_artifact t`) in batches, rows first and then
 * their files, counting them in a progress report: orphan cleanup and reclaim space both end so.
 * A row something still references is skipped (deleteInBatches retries such a batch row by row).
 */
export async function deleteArtifacts(
  db: Database,
  storages: Pick<DomainStorages, 'of'>,
  selection: { where: string; params: readonly unknown[] },
  progress: StartReport,
  report: { message: string; code: string },
): Promise<void> {
  const artifacts = { table: 'core_artifact', ...selection };
  const counter = await progress({ ...report, total: await countRows(db.sql, artifacts) });
  await deleteInBatches<DeletedArtifact>(db.sql, artifacts, {
    batch: ARTIFACT_BATCH,
    returning: 't.file, t.sha256, t.pulp_domain_id',
    deleted: async (rows) => {
      for (const row of rows) {
        await deleteArtifactFile(db, storages, row);
      }
      await counter.increment(rows.length);
    },
  });
}
