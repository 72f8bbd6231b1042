import type { DomainStorages, DomainStore } from '@pulp/domains';
import { PulpValidationError } from '@pulp/errors';
import type { Database, Sql } from '@pulp/database/sql';
import { lockArtifactFile, lockArtifactFiles } from './artifact-files';
import { CHECKSUM_ALGORITHMS, type HashedFile } from '@pulp/storage/hashed-file';
import { currentTaskId } from '@pulp/tasking/task-fence';

/** An artifact row as core_artifact holds it. */
export interface ArtifactRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  file: string;
  size: string;
  md5: string | null;
  sha1: string | null;
  sha224: string | null;
  sha256: string;
  sha384: string | null;
  sha512: string | null;
}

/**
 * Files stored at once by createMany: object storage answers each upload after a round trip (and
 * a HEAD before it), so a sync's batch goes up many at a time; throughput on s3rver rose from
 * 20 MB/s at 8 to 47 MB/s at 32 (256 KiB objects). The filesystem's renames do not mind.
 */
const STORE_CONCURRENCY = 32;

/** What the client said the file is; every given value must match the file. */
export type ExpectedFile = Partial<Record<(typeof CHECKSUM_ALGORITHMS)[number] | 'size', string | number | null>>;

/**
 * Turns a local, already hashed file into an artifact: checks what the client expected, stores
 * the file under its content address and records it, once per sha256 (per domain). Shared by the
 * artifacts endpoint, upload commits and downloads.
 */
export class ArtifactStore {
  constructor(
    private readonly db: Database,
    private readonly storages: DomainStorages,
    private readonly allowed: readonly string[],
  ) {}

  /** Refuses checksums the instance does not compute and any value the file does not match. */
  verify(file: HashedFile, expected: ExpectedFile): void {
    const errors: Record<string, string[]> = {};
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const value = expected[algorithm];
      if (value === undefined || value === null) {
        continue;
      }
      if (!this.allowed.includes(algorithm)) {
        errors[algorithm] = [`Checksum algorithm ${algorithm} forbidden for this Pulp instance.`];
      } else if (String(value).toLowerCase() !== file.digests[algorithm]) {
        errors[algorithm] = [`The ${algorithm} checksum did not match.`];
      }
    }
    if (expected.size !== undefined && expected.size !== null && Number(expected.size) !== file.size) {
      errors.size = ['The size did not match actual size of file.'];
    }
    if (Object.keys(errors).length > 0) {
      throw new PulpValidationError(errors);
    }
  }

  /**
   * Stores the file and records the artifact, or finds the domain's artifact with that sha256 (the
   * file was identical, so nothing is lost) and renews its timestamp of interest, so that orphan
   * cleanup leaves it to whoever is about to use it; `created` tells which. The file goes into
   * storage before the row exists, so no row ever points at a missing file; when the row cannot be
   * written, the file this call stored is removed again (still under its lock), so no file stays
   * without a row either. The artifact is created in `domainId` (by default the domain in
   * context), its file in that domain's storage (see `domainOf`).
   */
  async create(file: HashedFile, id: string, domainId?: string): Promise<{ artifact: ArtifactRow; created: boolean }> {
    const sha256 = file.digests.sha256!;
    const digests = CHECKSUM_ALGORITHMS.map((algorithm) => file.digests[algorithm] ?? null);
    const inDomain = domainId ?? (await this.storages.currentId());
    const [row] = await this.noted(inDomain, [sha256], () =>
      this.db.transaction(async (sql) => {
        const domain = await this.domainOf(sql, inDomain);
        const name = domain.artifactName(sha256);
        await lockArtifactFile(sql, sha256);
        const stored = (await domain.storage.put(name, file.path)) ? [name] : [];
        return this.undoingOnFailure(domain, stored, () =>
          sql<ArtifactRow & { created: boolean }>(
            `INSERT INTO core_artifact (pulp_id, pulp_created, pulp_domain_id, file, size, md5, sha1, sha224, sha256, sha384, sha512)
           VALUES ($1, clock_timestamp(), $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (pulp_domain_id, sha256) DO UPDATE SET timestamp_of_interest = now()
           RETURNING *, xmax = 0 AS created`,
            [id, domain.id, name, file.size, ...digests],
          ),
        );
      }),
    );
    const { created, ...artifact } = row;
    return { artifact, created };
  }

  /**
   * `create` for many verified files at once (a sync's downloads): one transaction and one
   * statement instead of one per file, the files' locks taken together. A file whose sha256 the
   * domain has already is dropped (the stored one has the same bytes). Returns the rows by sha256.
   */
  async createMany(files: readonly HashedFile[]): Promise<Map<string, ArtifactRow>> {
    const bySha256 = new Map(files.map((file) => [file.digests.sha256!, file]));
    const unique = [...bySha256.values()];
    const domainId = await this.storages.currentId();
    const rows = await this.noted(domainId, [...bySha256.keys()], () =>
      this.db.transaction(async (sql) => {
        const domain = await this.domainOf(sql, domainId);
        await lockArtifactFiles(sql, [...bySha256.keys()]);
        const recorded = await sql<{ sha256: string }>(
          'SELECT sha256 FROM core_artifact WHERE pulp_domain_id = $1 AND sha256 = ANY($2::text[])',
          [domain.id, [...bySha256.keys()]],
        );
        const stored = await this.putAll(domain, unique, new Set(recorded.map((row) => row.sha256)));
        return this.undoingOnFailure(domain, stored, () =>
          sql<ArtifactRow>(
            `INSERT INTO core_artifact (pulp_id, pulp_created, pulp_domain_id, file, size, md5, sha1, sha224, sha256, sha384, sha512)
         SELECT pulp_uuid7(), clock_timestamp(), $9::uuid, f.*
           FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS f
         ON CONFLICT (pulp_domain_id, sha256) DO UPDATE SET timestamp_of_interest = now()
         RETURNING *`,
            [
              unique.map((file) => domain.artifactName(file.digests.sha256!)),
              unique.map((file) => file.size),
              ...CHECKSUM_ALGORITHMS.map((algorithm) => unique.map((file) => file.digests[algorithm] ?? null)),
              domain.id,
            ],
          ),
        );
      }),
    );
    return new Map(rows.map((row) => [row.sha256, row]));
  }

  /**
   * Stores the files, STORE_CONCURRENCY at a time; the names this call stored. When one fails,
   * the others finish and those stored are removed before the failure propagates. A file the
   * domain has no artifact for (`recorded` are those it has, read under the files' locks) is
   * written without first asking storage whether it is there: nothing refers to what may be there
   * (an orphan file, a broken write), so it is replaced, and removed on failure. That spares object
   * storage a HEAD per file, half of a sync's requests to it.
   */
  private async putAll(
    domain: DomainStore,
    files: readonly HashedFile[],
    recorded: ReadonlySet<string>,
  ): Promise<string[]> {
    const stored: string[] = [];
    let next = 0;
    let failure: Error | undefined;
    const lane = async () => {
      while (failure === undefined && next < files.length) {
        const file = files[next++];
        const name = domain.artifactName(file.digests.sha256!);
        try {
          if (!recorded.has(file.digests.sha256!)) {
            await domain.storage.replace(name, file.path);
            stored.push(name);
          } else if (await domain.storage.put(name, file.path)) {
            stored.push(name);
          }
        } catch (error) {
          failure ??= error as Error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(STORE_CONCURRENCY, files.length) }, lane));
    if (failure !== undefined) {
      await this.removeStored(domain, stored);
      throw failure;
    }
    return stored;
  }

  /** Runs `write` (the rows of `stored`); when it fails, the files are removed before the error propagates. */
  private async undoingOnFailure<T>(
    domain: DomainStore,
    stored: readonly string[],
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      await this.removeStored(domain, stored);
      throw error;
    }
  }

  private async removeStored(domain: DomainStore, names: readonly string[]): Promise<void> {
    // Best effort: the original failure is what the caller must see; a file left behind is an orphan file, not a broken row.
    await Promise.all(names.map((name) => domain.storage.delete(name).catch(() => undefined)));
  }

  /**
   * The domain in context, its row share-locked for the transaction: files go to the storage its
   * committed row names, and a storage migration switches the domain only once no write is in
   * flight. Rows are stamped with the time of their insert (not of the transaction's start, which
   * precedes a long upload), so a migration's catch-up, which looks for rows created since its
   * previous pass, cannot miss one.
   */
  /**
   * Runs `store`, the transaction that writes the files of `sha256s` into the domain's storage and
   * records their rows. In a task, the files are first noted as being written by it, in a statement
   * of their own: when the task process is killed during `store` (a cancel), its transaction is
   * rolled back but the files it had written stay in storage, and the note tells the next sweep
   * (unfinished-writes.ts) to remove them.
   */
  private async noted<T>(domainId: string, sha256s: readonly string[], store: () => Promise<T>): Promise<T> {
    const taskId = currentTaskId();
    if (taskId === undefined) {
      return store();
    }
    const domain = await this.storages.of(domainId);
    const notes = await this.db.sql<{ pulp_id: string }>(
      `INSERT INTO core_artifactwrite (task_id, domain_id, sha256, file)
       SELECT $1, $2, s, f FROM unnest($3::text[], $4::text[]) AS t(s, f)
       RETURNING pulp_id`,
      [taskId, domainId, sha256s, sha256s.map((sha256) => domain.artifactName(sha256))],
    );
    try {
      return await store();
    } finally {
      // Written and recorded, or written and removed again: nothing is left to sweep. A note that
      // cannot be dropped now (the task was fenced off) is dropped by the sweep, which keeps files
      // that rows name.
      await this.db
        .sql('DELETE FROM core_artifactwrite WHERE pulp_id = ANY($1::uuid[])', [notes.map((note) => note.pulp_id)])
        .catch(() => undefined);
    }
  }

  private async domainOf(sql: Sql, domainId?: string): Promise<DomainStore> {
    return this.storages.locked(sql, domainId ?? (await this.storages.currentId()));
  }
}
