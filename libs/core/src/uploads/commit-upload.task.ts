import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { uuid7 } from '@pulp/database';
import { PulpError } from '@pulp/errors';
import { ArtifactStorage, writeHashedFile, type ChecksumAlgorithm } from '@pulp/storage';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { ArtifactStore } from '../artifacts/artifact-store';
import { coverageProblem } from './chunk-placement';
import { deleteUpload } from './upload-files';

export const COMMIT_TASK = 'pulpcore.app.tasks.upload.commit';

/** Pulp's upload commit: the chunks, in order, become one artifact; the upload is then deleted. */
@Injectable()
export class CommitUploadTask {
  constructor(
    private readonly store: ArtifactStore,
    private readonly storage: ArtifactStorage,
    private readonly settings: PulpSettings,
  ) {}

  @TaskHandler(COMMIT_TASK)
  async commit({ kwargs, sql, createdResource }: TaskContext): Promise<null> {
    const uploadId = String(kwargs.upload_pk);
    const [upload] = await sql<{ size: string }>('SELECT size FROM core_upload WHERE pulp_id = $1', [uploadId]);
    if (!upload) {
      throw new PulpError('not-found', 'PLP0404', `Upload ${uploadId} does not exist (already committed or deleted).`);
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
    const storage = this.storage;
    const file = await writeHashedFile(
      Readable.from(
        (async function* () {
          for (const chunk of chunks) {
            yield* storage.read(chunk.file);
          }
        })(),
      ),
      this.settings.WORKING_DIRECTORY,
      this.settings.ALLOWED_CONTENT_CHECKSUMS as ChecksumAlgorithm[],
    );
    try {
      this.store.verify(file, { sha256: String(kwargs.sha256) });
    } catch (error) {
      await unlink(file.path);
      throw error;
    }
    const artifact = (await this.store.create(file, uuid7())) ?? (await this.store.touch(file.digests.sha256!));
    await createdResource(`prn:core.artifact:${artifact.pulp_id}`, `artifacts/${artifact.pulp_id}/`);
    await deleteUpload(sql, this.storage, uploadId);
    return null;
  }
}
