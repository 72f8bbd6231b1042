import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { uuid7, type Database } from '@pulp/database';
import { PulpError } from '@pulp/errors';
import { DomainStorages } from '@pulp/domains';
import { writeHashedFile, type ArtifactStorage, type ChecksumAlgorithm, type HashedFile } from '@pulp/storage';
import { ArtifactStore, type ArtifactRow, type ExpectedFile } from '../artifacts/artifact-store';
import { coverageProblem } from './chunk-placement';
import { deleteChunkFiles, deleteUploadRows } from './upload-files';

/**
 * Turns a chunked upload into an artifact and deletes the upload: Pulp's upload commit, and what
 * content creation does with an `upload` it is given.
 */
@Injectable()
export class UploadCommits {
  constructor(
    private readonly store: ArtifactStore,
    private readonly storages: DomainStorages,
    private readonly settings: PulpSettings,
  ) {}

  /**
   * Holds the upload for the whole commit (a chunk sent meanwhile waits), so the chunks read are
   * the chunks assembled; the upload's rows go in the same transaction, its files after it.
   */
  async commit(db: Database, uploadId: string, expected: ExpectedFile): Promise<ArtifactRow> {
    const { artifact, files } = await db.transaction(async (sql) => {
      const [upload] = await sql<{ size: string; pulp_domain_id: string }>(
        'SELECT size, pulp_domain_id FROM core_upload WHERE pulp_id = $1 FOR UPDATE',
        [uploadId],
      );
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
      const { storage } = await this.storages.of(upload.pulp_domain_id);
      const file = await this.assemble(
        storage,
        chunks.map((chunk) => chunk.file),
      );
      try {
        this.store.verify(file, expected);
        return {
          artifact: (await this.store.create(file, uuid7(), upload.pulp_domain_id)).artifact,
          files: await deleteUploadRows(sql, uploadId),
        };
      } finally {
        // Moved into storage when all went well; otherwise nothing of it may stay.
        await unlink(file.path).catch(() => undefined);
      }
    });
    await deleteChunkFiles(this.storages, files);
    return artifact;
  }

  /** The chunk files, in order, as one local file hashed on the way. */
  private assemble(storage: ArtifactStorage, files: string[]): Promise<HashedFile> {
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
