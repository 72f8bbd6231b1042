import type { Sql } from '@pulp/database';
import type { ArtifactStorage } from '@pulp/storage';

/** Storage name of an upload's chunk: one file per chunk, under CHUNKED_UPLOAD_DIR. */
export function chunkName(chunkDir: string, uploadId: string, offset: number): string {
  return `${chunkDir}/${uploadId}/${offset}`;
}

/** Deletes an upload (its chunk rows go by cascade) and then its chunk files; false if there was none. */
export async function deleteUpload(sql: Sql, storage: ArtifactStorage, uploadId: string): Promise<boolean> {
  const files = await sql<{ file: string | null }>(
    `WITH upload AS (DELETE FROM core_upload WHERE pulp_id = $1 RETURNING pulp_id)
     SELECT c.file FROM upload LEFT JOIN core_uploadchunk c ON c.upload_id = upload.pulp_id`,
    [uploadId],
  );
  await Promise.all(files.flatMap(({ file }) => (file ? [storage.delete(file)] : [])));
  return files.length > 0;
}
