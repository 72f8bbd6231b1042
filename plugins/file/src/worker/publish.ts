import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import {
  addPublishedMetadata,
  completePublication,
  DetailTypes,
  insertDetail,
  insertPublication,
  MetadataFiles,
  TaskHandler,
  type PublicationBodies,
  type TaskContext,
} from '@pulp/plugin-api';
import {
  DEFAULT_MANIFEST,
  FILE_PUBLICATION_DETAIL,
  FILE_PUBLICATION_ENDPOINTS,
  PUBLISH_TASK,
} from '../api/file-publications';
import { FILE_TYPE } from '../file-types';
import { manifestLines } from './manifest-lines';

export interface PublishOptions {
  /** The manifest's file name; null: no manifest. */
  manifest: string | null;
  checkpoint?: boolean;
  /** The manifest's bytes as they are, instead of one listing the version (a mirror sync publishes the upstream's). */
  manifestSource?: Readable;
}

/**
 * pulp_file's publish: a pass-through publication of a repository version (each file served at its
 * relative path) with, unless `manifest` is null, a PULP_MANIFEST listing the version's files.
 * Sync (mirror) and autopublish publish through `publishVersion` too.
 */
@Injectable()
export class FilePublisher {
  constructor(
    private readonly files: MetadataFiles,
    private readonly types: DetailTypes,
    @Inject(FILE_PUBLICATION_ENDPOINTS.view) private readonly publications: PublicationBodies,
  ) {}

  @TaskHandler(PUBLISH_TASK)
  async publish(context: TaskContext): Promise<unknown> {
    const { kwargs } = context;
    const id = await this.publishVersion(context, String(kwargs.repository_version_pk), {
      // A request that names no manifest gets the default one; null asks for none.
      manifest: kwargs.manifest === undefined ? DEFAULT_MANIFEST : (kwargs.manifest as string | null),
      checkpoint: kwargs.checkpoint === true,
    });
    return (await this.publications.find(id)) ?? null;
  }

  /**
   * Publishes a complete version and records the publication among the task's created resources;
   * returns its id. The manifest is written to an artifact first (streamed, any size); the
   * publication, its own row and its metadata are then written in one transaction, complete at its
   * end: a failure leaves no publication (at most an artifact orphan cleanup removes).
   */
  async publishVersion(
    context: Pick<TaskContext, 'sql' | 'transaction' | 'createdResource'>,
    versionId: string,
    options: PublishOptions,
  ): Promise<string> {
    const [version] = await context.sql<{ repository_id: string; number: number }>(
      'SELECT repository_id, number FROM core_repositoryversion WHERE pulp_id = $1 AND complete',
      [versionId],
    );
    if (!version) {
      throw new Error(`Repository version ${versionId} does not exist.`);
    }
    const manifest =
      options.manifest === null
        ? null
        : await this.files.store(
            options.manifestSource ?? Readable.from(manifestLines(context.sql, version.repository_id, version.number)),
          );
    const id = await context.transaction(async (sql) => {
      const publicationId = await insertPublication(sql, {
        pulpType: FILE_TYPE,
        versionId,
        passThrough: true,
        checkpoint: options.checkpoint ?? false,
      });
      await insertDetail(sql, FILE_PUBLICATION_DETAIL, publicationId, { manifest: options.manifest });
      if (manifest) {
        await addPublishedMetadata(sql, publicationId, options.manifest!, manifest.pulp_id);
      }
      await completePublication(sql, publicationId);
      return publicationId;
    });
    await context.createdResource(
      this.types.prn('publications', FILE_TYPE, id),
      `publications/${this.types.segment('publications', FILE_TYPE)}/${id}/`,
    );
    return id;
  }
}
