import { randomUUID } from 'node:crypto';
import type { Sql } from '@pulp/database';
import type { ArtifactStorage } from '@pulp/storage';

/**
 * Storage name of a new chunk file, under CHUNKED_UPLOAD_DIR: unique, so that a chunk sent again
 * never overwrites the file a concurrent request or a running commit is using.
 */
export function chunkName(chunkDir: string, uploadId: string, offset: number): string {
  return `${chunkDir}/${uploadId}/${offset}-${randomUUID()}`;
}

/** Deletes an upload's rows (its chunks go by cascade) and returns its chunk files, for after the commit. */
export async function deleteUploadRows(sql: Sql, uploadId: string): Promise<string[]> {
  const files = await sql<{ file: string | null }>(
    `WITH upload AS (DELETE FROM core_upload WHERE pulp_id = $1 RETURNING pulp_id)
     SELECT c.file FROM upload LEFT JOIN core_uploadchunk c ON c.upload_id = upload.pulp_id`,
    [uploadId],
  );
  return files.flatMap(({ file }) => (file ? [file] : []));
}

/** Deletes an upload and then its chunk files. */
export async function deleteUpload(sql: Sql, storage: ArtifactStorage, uploadId: string): Promise<void> {
  await deleteFiles(storage, await deleteUploadRows(sql, uploadId));
}

export async function deleteFiles(storage: ArtifactStorage, files: readonly string[]): Promise<void> {
  await Promise.all(files.map((file) => storage.delete(file)));
}
