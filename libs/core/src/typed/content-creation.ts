import { unlink } from 'node:fs/promises';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { PulpSettings } from '@pulp/config';
import { uuid7, type Database, type Sql } from '@pulp/database';
import { createDownloader, type DownloaderConfig } from '@pulp/download';
import { PulpError, PulpValidationError } from '@pulp/errors';
import type { ChecksumAlgorithm } from '@pulp/storage';
import { ArtifactStore, type ArtifactRow } from '../artifacts/artifact-store';
import { discoveredByType } from '../discovered-by-type';
import { UploadCommits } from '../uploads/upload-commits';
import { urlProblem } from './remote-checks';

/** Marks the provider that creates the units of one content `pulp_type` from an artifact. */
export const ContentCreator = DiscoveryService.createDecorator<string>();

/** A new unit: its one file and the type's own fields (already checked by the API). */
export interface NewContent {
  artifact: ArtifactRow;
  data: Record<string, unknown>;
  pulpLabels: Record<string, string | null>;
}

/** What a @ContentCreator provider does (Pulp's serializer `create` for single-artifact content). */
export interface ContentTypeCreator {
  /**
   * Creates the unit (core_content, the type's row, core_contentartifact) in `sql`'s transaction,
   * or finds the unit of the same identity and returns that one; resolves to its id.
   */
  create(sql: Sql, content: NewContent): Promise<string>;
}

/** Where a new unit's file comes from: exactly one of these (the API checked). */
export interface ContentSource {
  /** Id of an existing artifact (also what a posted `file` became in the request). */
  artifact?: string;
  /** Id of an uncommitted chunked upload: committed into the artifact, then gone. */
  upload?: string;
  /** A URL to download the file from, with remote-style network settings. */
  file_url?: string;
  downloader_config?: DownloaderConfig;
}

/**
 * Creates content units of any type from one file: resolves the source to an artifact (committing
 * an upload, downloading a URL) and hands it to the type's @ContentCreator. Used by the general
 * create task and by synchronous uploads alike.
 */
@Injectable()
export class ContentCreation implements OnModuleInit {
  private creators = new Map<string, ContentTypeCreator>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly commits: UploadCommits,
    private readonly store: ArtifactStore,
    private readonly settings: PulpSettings,
  ) {}

  onModuleInit(): void {
    this.creators = discoveredByType(this.discovery, ContentCreator);
  }

  /** Creates (or finds) the unit; resolves to its id. */
  async create(
    db: Database,
    pulpType: string,
    source: ContentSource,
    data: Record<string, unknown>,
    pulpLabels: Record<string, string | null> = {},
  ): Promise<string> {
    const creator = this.creators.get(pulpType);
    if (!creator) {
      throw new Error(`No content creator for "${pulpType}" in this process`);
    }
    const artifact = await this.artifact(db, source);
    return db.transaction((sql) => creator.create(sql, { artifact, data, pulpLabels }));
  }

  private async artifact(db: Database, source: ContentSource): Promise<ArtifactRow> {
    if (source.upload) {
      return this.commits.commit(db, source.upload, {});
    }
    if (source.file_url) {
      return this.download(source.file_url, source.downloader_config ?? {});
    }
    const [artifact] = await db.sql<ArtifactRow>('SELECT * FROM core_artifact WHERE pulp_id = $1', [source.artifact]);
    if (!artifact) {
      throw new PulpError('not-found', 'PLP0404', `Artifact ${source.artifact} does not exist.`);
    }
    return artifact;
  }

  /**
   * The API checked the URL, but the settings may have changed since it queued the task (a file://
   * path no longer allowed is refused here too, before anything is read).
   */
  private async download(url: string, config: DownloaderConfig): Promise<ArtifactRow> {
    const problem = urlProblem(url, this.settings.ALLOWED_IMPORT_PATHS);
    if (problem) {
      throw new PulpValidationError({ file_url: [problem] });
    }
    const downloader = createDownloader(config);
    try {
      const file = await downloader.download(url, {
        dir: this.settings.WORKING_DIRECTORY,
        algorithms: this.settings.ALLOWED_CONTENT_CHECKSUMS as ChecksumAlgorithm[],
      });
      try {
        return (await this.store.create(file, uuid7())).artifact;
      } finally {
        await unlink(file.path).catch(() => undefined);
      }
    } finally {
      downloader.close();
    }
  }
}
