import { Logger } from '@nestjs/common';
import type { Sql } from '@pulp/database';
import type { DomainStorages } from '@pulp/domains';
import { digestOf, type ArtifactStorage } from '@pulp/storage';
import type { TaskContext } from '@pulp/tasking';

/** A stored artifact to check. */
interface StoredArtifact {
  pulp_id: string;
  file: string;
  sha256: string;
  pulp_domain_id: string;
}

/** Fetches a good copy of a bad artifact from one of its remotes; true when the file was replaced. */
export type Redownload = (artifactId: string) => Promise<boolean>;

const BATCH = 500;
const logger = new Logger('repair');

/**
 * Pulp's repair: every artifact `artifactIds` selects (SQL yielding artifact ids) must have its
 * file, and with `verifyChecksums` a file with the recorded sha256. A missing or corrupted file is
 * fetched again from a remote when `redownload` can; one that cannot be repaired is deleted, so
 * that it is served on demand (or reported) rather than served wrong.
 */
export async function repairArtifacts(
  context: Pick<TaskContext, 'sql' | 'progress'>,
  storages: Pick<DomainStorages, 'of'>,
  artifactIds: { text: string; params: unknown[] },
  verifyChecksums: boolean,
  redownload: Redownload,
): Promise<void> {
  const missing = await context.progress({ message: 'Identify missing units', code: 'repair.missing' });
  const corrupted = await context.progress({ message: 'Identify corrupted units', code: 'repair.corrupted' });
  const repaired = await context.progress({ message: 'Repair corrupted units', code: 'repair.repaired' });
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const batch = await nextBatch(context.sql, artifactIds, after);
    if (batch.length === 0) {
      return;
    }
    after = batch[batch.length - 1].pulp_id;
    for (const artifact of batch) {
      const { storage } = await storages.of(artifact.pulp_domain_id);
      const problem = await checkFile(storage, artifact, verifyChecksums);
      if (!problem) {
        continue;
      }
      await (problem === 'missing' ? missing : corrupted).increment();
      if (await redownload(artifact.pulp_id)) {
        await repaired.increment();
      } else {
        logger.warn(
          `Artifact ${artifact.pulp_id} (${artifact.file}) is ${problem} and unrepairable: its file is deleted.`,
        );
        await storage.delete(artifact.file);
      }
    }
  }
}

async function nextBatch(
  sql: Sql,
  artifactIds: { text: string; params: unknown[] },
  after: string,
): Promise<StoredArtifact[]> {
  const position = artifactIds.params.length + 1;
  return sql<StoredArtifact>(
    `SELECT a.pulp_id, a.file, a.sha256, a.pulp_domain_id FROM core_artifact a
      WHERE a.pulp_id IN (${artifactIds.text}) AND a.pulp_id > $${position}
      ORDER BY a.pulp_id LIMIT ${BATCH}`,
    [...artifactIds.params, after],
  );
}

async function checkFile(
  storage: ArtifactStorage,
  artifact: StoredArtifact,
  verifyChecksums: boolean,
): Promise<'missing' | 'corrupted' | undefined> {
  if ((await storage.size(artifact.file)) === undefined) {
    return 'missing';
  }
  if (verifyChecksums && (await digestOf(storage.read(artifact.file), 'sha256')) !== artifact.sha256) {
    return 'corrupted';
  }
  return undefined;
}
