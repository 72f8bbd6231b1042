import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { uuid7 } from '@pulp/database';
import { PulpError } from '@pulp/errors';
import { ArtifactStorage, writeHashedFile, type ChecksumAlgorithm, type HashedFile } from '@pulp/storage';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { ArtifactStore } from '../artifacts/artifact-store';
import { coverageProblem } from './chunk-placement';
import { deleteFiles, deleteUploadRows } from './upload-files';

export const COMMIT_TASK = 'pulpcore.app.tasks.upload.commit';

/** Pulp's upload commit: the chunks, in order, become one artifact; the upload is then deleted. */
@Injectable()
export class CommitUploadTask {
  constructor(
    private readonly store: ArtifactStore,
    private readonly storage: ArtifactStorage,
    private readonly settings: PulpSettings,
  ) {}

  /**
   * Holds the upload for the whole commit (a chunk sent meanwhile waits), so the chunks read are
   * the chunks assembled; the upload's rows go in the same transaction, its files after it.
   */
  @TaskHandler(COMMIT_TASK)
  async commit({ kwargs, transaction, createdResource }: TaskContext): Promise<null> {
    const uploadId = String(kwargs.upload_pk);
    const { artifact, files } = await transaction(async (sql) => {
      const [upload] = await sql<{ size: string }>('SELECT size FROM core_upload WHERE pulp_id = $1 FOR UPDATE', [
        uploadId,
      ]);
      if (!upload) {
        throw new PulpError(
          'not-found',
          'PLP0404',
          `Upload ${uploadId} does not exist (already committed or deleted).`,
        );
      }
      const chunks = (
        await sql<{ offset: string; size: string; file: string }>(
          'SELECT "offset", size, file FROM core_uploadchunk WHERE upload_id = $1 ORDER BY "offset"',
          [uploadId],
        )
      ).map((chunk) => ({ offset: Number(chunk.offset), size: Number(chunk.size), file: chunk.file }));
      const incomplete = coverageProblem(chunks, Number(upload.size));
      if (incomplete) {
        throw new PulpError('invalid', 'PLP0001', incomplete);
      }
      const file = await this.assemble(chunks.map((chunk) => chunk.file));
      try {
        this.store.verify(file, { sha256: String(kwargs.sha256) });
        return {
          artifact: (await this.store.create(file, uuid7())).artifact,
          files: await deleteUploadRows(sql, uploadId),
        };
      } finally {
        // Moved into storage when all went well; otherwise nothing of it may stay.
        await unlink(file.path).catch(() => undefined);
      }
    });
    await deleteFiles(this.storage, files);
    await createdResource(`prn:core.artifact:${artifact.pulp_id}`, `artifacts/${artifact.pulp_id}/`);
    return null;
  }

  /** The chunk files, in order, as one local file hashed on the way. */
  private assemble(files: string[]): Promise<HashedFile> {
    const storage = this.storage;
    return writeHashedFile(
      Readable.from(
        (async function* () {
          for (const file of files) {
            yield* storage.read(file);
          }
        })(),
      ),
      this.settings.WORKING_DIRECTORY,
      this.settings.ALLOWED_CONTENT_CHECKSUMS as ChecksumAlgorithm[],
    );
  }
}
