import type { Database, Sql } from '@pulp/database/sql';
import type { DomainStorages } from '@pulp/domains';

/**
 * Takes, for the rest of the transaction, the lock of the artifact file with this sha256: storing
 * a file (then recording its row) and deleting a file (when no row names it any more) never
 * interleave, so no row is left pointing at a file a cleanup has just removed.
 */
export async function lockArtifactFile(sql: Sql, sha256: string): Promise<void> {
  // Two-key advisory locks: a key space of their own (7283 = artifact files), apart from tasking's.
  await sql('SELECT pg_advisory_xact_lock(7283, hashtext($1::text))', [sha256]);
}

/** Takes the locks of several artifact files, in sha256 order so that two takers never deadlock. */
export async function lockArtifactFiles(sql: Sql, sha256s: readonly string[]): Promise<void> {
  await sql(
    `SELECT count(pg_advisory_xact_lock(7283, hashtext(s))) FROM (SELECT DISTINCT unnest($1::text[]) AS s ORDER BY 1) t`,
    [sha256s],
  );
}

/** What a deleted artifact row leaves to clean up: its file, in its domain's storage. */
export interface DeletedArtifact {
  file: string;
  sha256: string;
  pulp_domain_id: string;
}

/**
 * Deletes the file of a deleted artifact from its domain's storage unless an artifact row (of any
 * domain: names are content addressed, and domains may share a storage) still names it, under the
 * file's lock.
 */
export async function deleteArtifactFile(
  db: Pick<Database, 'transaction'>,
  storages: Pick<DomainStorages, 'of'>,
  { file, sha256, pulp_domain_id: domainId }: DeletedArtifact,
): Promise<void> {
  const { storage } = await storages.of(domainId);
  await db.transaction(async (sql) => {
    await lockArtifactFile(sql, sha256);
    const named = await sql('SELECT 1 FROM core_artifact WHERE sha256 = $1 AND file = $2 LIMIT 1', [sha256, file]);
    if (named.length === 0) {
      await storage.delete(file);
    }
  });
}
