// Nest-free, so that in-process suites load it.
import type { Database } from '@pulp/database/sql';
import type { DomainStorages } from '@pulp/domains';
import { lockArtifactFile } from './artifact-files';

interface Note {
  pulp_id: string;
  domain_id: string;
  sha256: string;
  file: string;
}

const BATCH = 500;

const LIVE = `('waiting', 'running', 'canceling')`;

/** Notes of tasks that no longer run: the task process was killed (or its note could not be dropped). */
const ABANDONED = `
  SELECT w.pulp_id, w.domain_id, w.sha256, w.file FROM core_artifactwrite w
   WHERE NOT EXISTS (SELECT 1 FROM core_task t WHERE t.pulp_id = w.task_id AND t.state IN ${LIVE})
   ORDER BY w.pulp_id LIMIT ${BATCH}`;

/** Whether the file is still wanted: a row names it, or a task still running is writing it. */
const WANTED = `
  SELECT 1 FROM core_artifact WHERE sha256 = $1 AND file = $2
  UNION ALL
  SELECT 1 FROM core_artifactwrite w JOIN core_task t ON t.pulp_id = w.task_id
   WHERE w.file = $2 AND t.state IN ${LIVE}
  LIMIT 1`;

/**
 * Removes the files that tasks killed while storing them left behind (ArtifactStore notes them in
 * core_artifactwrite first): each noted file that no artifact row names and no running task is
 * writing, under the file's lock, so that a file being stored again meanwhile is kept. Returns how
 * many files were removed. A note whose file cannot be removed now stays for the next sweep.
 */
export async function sweepUnfinishedWrites(
  db: Database,
  storages: Pick<DomainStorages, 'of'>,
  logger?: { warn(message: string): void },
): Promise<number> {
  let removed = 0;
  for (;;) {
    const notes = await db.sql<Note>(ABANDONED);
    let failed = false;
    for (const note of notes) {
      try {
        removed += await sweepOne(db, storages, note);
      } catch (error) {
        failed = true;
        logger?.warn(`Could not remove ${note.file}, left by a killed task: ${String(error)}`);
      }
    }
    // A note that failed would come back first in the next batch: the next sweep retries it.
    if (notes.length < BATCH || failed) {
      return removed;
    }
  }
}

async function sweepOne(db: Database, storages: Pick<DomainStorages, 'of'>, note: Note): Promise<number> {
  const { storage } = await storages.of(note.domain_id);
  return db.transaction(async (sql) => {
    await lockArtifactFile(sql, note.sha256);
    const taken = await sql('DELETE FROM core_artifactwrite WHERE pulp_id = $1 RETURNING 1', [note.pulp_id]);
    if (taken.length === 0 || (await sql(WANTED, [note.sha256, note.file])).length > 0) {
      return 0;
    }
    await storage.delete(note.file);
    return 1;
  });
}
