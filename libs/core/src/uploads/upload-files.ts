import { randomUUID } from 'node:crypto';
import type { Sql } from '@pulp/database';
import type { DomainStorages } from '@pulp/domains';

/**
 * Storage name of a new chunk file, under CHUNKED_UPLOAD_DIR: unique, so that a chunk sent again
 * never overwrites the file a concurrent request or a running commit is using.
 */
export function chunkName(chunkDir: string, uploadId: string, offset: number): string {
  return `${chunkDir}/${uploadId}/${offset}-${randomUUID()}`;
}

/** Chunk files of a deleted upload, in its domain's storage (Pulp keeps chunks in the domain's storage). */
export interface ChunkFiles {
  domainId: string | null;
  files: string[];
}

/** Deletes an upload's rows (its chunks go by cascade) and returns its chunk files, for after the commit. */
export async function deleteUploadRows(sql: Sql, uploadId: string): Promise<ChunkFiles> {
  const rows = await sql<{ pulp_domain_id: string; file: string | null }>(
    `WITH upload AS (DELETE FROM core_upload WHERE pulp_id = $1 RETURNING pulp_id, pulp_domain_id)
     SELECT upload.pulp_domain_id, c.file FROM upload LEFT JOIN core_uploadchunk c ON c.upload_id = upload.pulp_id`,
    [uploadId],
  );
  return { domainId: rows[0]?.pulp_domain_id ?? null, files: rows.flatMap(({ file }) => (file ? [file] : [])) };
}

/** Deletes an upload and then its chunk files. */
export async function deleteUpload(sql: Sql, storages: Pick<DomainStorages, 'of'>, uploadId: string): Promise<void> {
  await deleteChunkFiles(storages, await deleteUploadRows(sql, uploadId));
}

export async function deleteChunkFiles(storages: Pick<DomainStorages, 'of'>, chunks: ChunkFiles): Promise<void> {
  if (chunks.domainId === null || chunks.files.length === 0) {
    return;
  }
  const { storage } = await storages.of(chunks.domainId);
  await Promise.all(chunks.files.map((file) => storage.delete(file)));
}
