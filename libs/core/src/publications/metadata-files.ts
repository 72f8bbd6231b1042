import { unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { uuid7 } from '@pulp/database';
import { writeHashedFile, type ChecksumAlgorithm } from '@pulp/storage';
import { ArtifactStore, type ArtifactRow } from '../artifacts/artifact-store';

/**
 * Files a publish task writes (a manifest, repository metadata): streamed to a file in the working
 * directory, hashed on the way, then stored as an artifact like any other (once per sha256), so
 * that their size never matters and the content app serves them as it serves content.
 */
@Injectable()
export class MetadataFiles {
  constructor(
    private readonly artifacts: ArtifactStore,
    private readonly settings: PulpSettings,
  ) {}

  async store(source: Readable): Promise<ArtifactRow> {
    const file = await writeHashedFile(
      source,
      this.settings.WORKING_DIRECTORY,
      this.settings.ALLOWED_CONTENT_CHECKSUMS as ChecksumAlgorithm[],
    );
    try {
      return (await this.artifacts.create(file, uuid7())).artifact;
    } finally {
      // Moved into storage when all went well; otherwise nothing of it may stay.
      await unlink(file.path).catch(() => undefined);
    }
  }
}
