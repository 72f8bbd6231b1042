// Nest-free, so that unit tests and suites running in-process load it.
import { unlink } from 'node:fs/promises';
import { DEFAULT_DOMAIN_NAME } from '@pulp/config/api-paths';
import type { DatabaseEncryption } from '@pulp/database/encryption';
import type { Sql } from '@pulp/database/sql';
import type { DomainStorages } from '@pulp/domains/domain-storages';
import { PulpError } from '@pulp/errors';
import type { ArtifactStorage } from '@pulp/storage/artifact-storage';
import { writeHashedFile } from '@pulp/storage/hashed-file';
import { createStorage, type StorageSettings } from '@pulp/storage/storage-settings';
import type { ProgressReporter, TaskContext } from '@pulp/tasking';
import { updateDomain } from './domain-rows';

/** A stored file to copy: its storage name and the size its row records. */
interface StoredFile {
  file: string;
  size: number | string;
}

/** An artifact file to copy, with its sha256 (for messages). */
export interface MigratedFile extends StoredFile {
  sha256: string;
}

/**
 * Copies one stored file from `from` to `to` unless `to` has it already (a file of the recorded
 * size: artifact names are content addressed and chunk names unique, so a migration that died
 * resumes where it stopped). The bytes go through a local file in `workDir`, as every file enters
 * storage; a failed copy leaves no file behind. Says whether it copied the file, found it there
 * already, or found it missing from `from`.
 */
async function copyStoredFile(
  from: ArtifactStorage,
  to: ArtifactStorage,
  { file, size }: StoredFile,
  workDir: string,
): Promise<'copied' | 'present' | 'missing'> {
  if ((await to.size(file)) === Number(size)) {
    return 'present';
  }
  let source;
  try {
    source = await from.open(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
    return 'missing';
  }
  const local = await writeHashedFile(source, workDir, []);
  try {
    await to.replace(file, local.path);
  } finally {
    await unlink(local.path).catch(() => undefined);
  }
  return 'copied';
}

/**
 * Copies one artifact file (see copyStoredFile); true when this call copied it. A file missing
 * from `from` fails the migration with Pulp's message: the domain must not switch to a storage
 * without it.
 */
export async function copyArtifactFile(
  from: ArtifactStorage,
  to: ArtifactStorage,
  artifact: MigratedFile,
  workDir: string,
): Promise<boolean> {
  const outcome = await copyStoredFile(from, to, artifact, workDir);
  if (outcome === 'missing') {
    throw new PulpError(
      'invalid',
      'PLP0001',
      `Found missing file for artifact(sha256=${artifact.sha256}). Please run the repair task or delete the offending artifact.`,
    );
  }
  return outcome === 'copied';
}

/** The new storage, as the API checked it: the task's one argument, as Pulp's. */
export interface MigrationTarget {
  storage_class: string;
  storage_settings: StorageSettings;
}

const BATCH = 500;
/** Catch-up passes before the switch: each shortens what the switch copies while writes wait. */
const CATCH_UPS = 3;

/** The domain's artifacts created from $2 and before $3 (null: no bound), in id order after $4. */
const ARTIFACTS = `
  SELECT pulp_id, file, size, sha256 FROM core_artifact
   WHERE pulp_domain_id = $1 AND pulp_id > $4
     AND ($2::timestamptz IS NULL OR pulp_created >= $2) AND ($3::timestamptz IS NULL OR pulp_created < $3)
   ORDER BY pulp_id LIMIT ${BATCH}`;

/**
 * The chunk files of the domain's uploads under way: few (an upload's chunks go when it is
 * committed or deleted), so every pass looks at all of them.
 */
const CHUNKS = `
  SELECT c.file, c.size FROM core_uploadchunk c JOIN core_upload u ON u.pulp_id = c.upload_id
   WHERE u.pulp_domain_id = $1`;

/** Artifacts created in [from, until); null: unbounded on that side. */
interface Period {
  from: Date | null;
  until: Date | null;
}

/**
 * Pulp's storage migration of a domain (migrate_backend): copies every artifact file to the new
 * storage, then switches the domain to it. Its task holds the domain exclusively, so no other task
 * of the domain runs meanwhile; the content app goes on serving (and saving on-demand files) from
 * the old storage until the switch. Old files are left where they are, as Pulp leaves them.
 */
export class DomainStorageMigration {
  constructor(
    private readonly storages: Pick<DomainStorages, 'of'>,
    private readonly encryption: Pick<DatabaseEncryption, 'encrypt'>,
    /** Where files are spooled between the storages (WORKING_DIRECTORY). */
    private readonly workDir: string,
  ) {}

  async migrate(
    { sql, transaction, progress }: Pick<TaskContext, 'sql' | 'transaction' | 'progress'>,
    domainId: string,
    target: MigrationTarget,
  ): Promise<void> {
    const domain = await this.storages.of(domainId);
    if (domain.name === DEFAULT_DOMAIN_NAME) {
      throw new PulpError('invalid', 'PLP0001', 'Default domain can not be migrated.');
    }
    const files = { from: domain.storage, to: createStorage(target.storage_class, target.storage_settings) };
    // Artifacts keep arriving meanwhile: from the content app (on-demand) and the API (uploads).
    // Each pass copies those created before it began, a catch-up pass those since the previous one
    // began, until one copies none or, under a steady stream of new artifacts, CATCH_UPS passes.
    // Writers in flight as it begins finish first (each share-locks the domain's row and stamps
    // its artifact row at its insert, before its commit): the first pass then sees their rows, and
    // every later writer's row is stamped after `started`, where the catch-up passes look.
    const started = await transaction(async (sql) => {
      await lockDomainRow(sql, domainId);
      return clockTime(sql);
    });
    const [{ count }] = await sql<{ count: string }>(
      'SELECT count(*)::text AS count FROM core_artifact WHERE pulp_domain_id = $1 AND pulp_created < $2',
      [domainId, started],
    );
    const report = await progress({ message: 'Migrating Artifacts', code: 'migrate', total: Number(count) });
    await this.copy(sql, domainId, { from: null, until: started }, files, report);
    for (let from = started, passes = 0; passes < CATCH_UPS; passes += 1) {
      const until = await clockTime(sql);
      if ((await this.copy(sql, domainId, { from, until }, files, report)) === 0) {
        break;
      }
      from = until;
    }
    // Uploads under way keep their chunks across the switch: a chunk sent later joins them in the
    // new storage, and the commit reads them all from there. Chunk writes share-lock the domain
    // row too (UploadViewService.saveChunk), so the copy in the switch's transaction misses none.
    const copiedAhead = await this.copyChunks(sql, domainId, files);
    const update = await progress({
      message: `Update Domain(${domain.name})'s Backend Settings`,
      code: 'update',
      total: 1,
    });
    await transaction(async (sql) => {
      // Waits for every artifact write in flight (each share-locks the row: DomainStorages.locked)
      // and holds off new ones until the switch. A row's stamp is its insert, a little before its
      // commit: the last pass looks at all created since the migration began (each a size check of
      // a file copied already), so none that committed late is missed.
      await lockDomainRow(sql, domainId);
      await this.copy(sql, domainId, { from: started, until: null }, files, report);
      await this.copyChunks(sql, domainId, files);
      await updateDomain(sql, domainId, { ...target }, this.encryption);
    });
    await dropOrphanedCopies(sql, copiedAhead, files.to);
    await update.increment();
  }

  /**
   * One pass over the domain's artifacts created in `period`: copies those the new storage lacks.
   * The first pass (from the beginning) counts every artifact, whose total was counted before;
   * later passes count only what they copy, raising the total by as much. Returns how many files
   * it copied.
   */
  private async copy(
    sql: Sql,
    domainId: string,
    period: Period,
    files: { from: ArtifactStorage; to: ArtifactStorage },
    report: ProgressReporter,
  ): Promise<number> {
    let copied = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const batch = await sql<MigratedFile & { pulp_id: string }>(ARTIFACTS, [
        domainId,
        period.from,
        period.until,
        after,
      ]);
      if (batch.length === 0) {
        return copied;
      }
      after = batch[batch.length - 1].pulp_id;
      let fresh = 0;
      for (const artifact of batch) {
        fresh += Number(await copyArtifactFile(files.from, files.to, artifact, this.workDir));
      }
      copied += fresh;
      if (period.from === null) {
        await report.increment(batch.length);
      } else if (fresh > 0) {
        await report.addToTotal(fresh);
        await report.increment(fresh);
      }
    }
  }

  /**
   * Copies the chunk files of the domain's uploads under way that the new storage lacks; returns
   * their names. A chunk gone from the old storage is left out: its upload could not be committed
   * from either.
   */
  private async copyChunks(
    sql: Sql,
    domainId: string,
    files: { from: ArtifactStorage; to: ArtifactStorage },
  ): Promise<string[]> {
    const copied: string[] = [];
    for (const chunk of await sql<StoredFile>(CHUNKS, [domainId])) {
      if ((await copyStoredFile(files.from, files.to, chunk, this.workDir)) === 'copied') {
        copied.push(chunk.file);
      }
    }
    return copied;
  }
}

/**
 * Removes from the new storage the chunk files copied ahead of the switch whose rows went before
 * it (an upload deleted, a chunk sent again): their deletion reached the old storage only, and
 * after the switch nothing names them.
 */
async function dropOrphanedCopies(sql: Sql, copied: readonly string[], to: ArtifactStorage): Promise<void> {
  if (copied.length === 0) {
    return;
  }
  const named = await sql<{ file: string }>('SELECT file FROM core_uploadchunk WHERE file = ANY($1::text[])', [copied]);
  const kept = new Set(named.map((row) => row.file));
  await Promise.all(copied.filter((file) => !kept.has(file)).map((file) => to.delete(file)));
}

/** Waits for the domain's artifact and chunk writes in flight, and holds off new ones until the transaction ends. */
async function lockDomainRow(sql: Sql, domainId: string): Promise<void> {
  await sql('SELECT 1 FROM core_domain WHERE pulp_id = $1 FOR UPDATE', [domainId]);
}

async function clockTime(sql: Sql): Promise<Date> {
  const [{ now }] = await sql<{ now: Date }>('SELECT clock_timestamp() AS now');
  return now;
}
