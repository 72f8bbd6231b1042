import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import {
  ArtifactStore,
  createDownloader,
  DatabaseEncryption,
  PulpError,
  PulpSettings,
  remoteDownloaderConfig,
  remoteUrlProblem,
  RepositoryTypes,
  RepositoryVersionView,
  TaskHandler,
  type CompletedVersion,
  type DownloadTarget,
  type TaskContext,
} from '@pulp/plugin-api';
import { SYNCHRONIZE_TASK } from '../file-tasks';
import { FILE_TYPE } from '../file-types';
import { ManifestError } from '../manifest';
import { AlternateSources } from './alternate-sources';
import { manifestName } from './manifest-name';
import { countEntries, writeManifestVersion } from './manifest-version';
import { unchangedSince, type SyncDetails } from './sync-details';
import { FilePublisher } from './publish';
import { syncDirectory } from './working-directory';

const logger = new Logger('file-sync');

type RemoteRow = { pulp_id: string; url: string; policy: string; download_concurrency: number | null };

interface RepositoryRow {
  pulp_domain_id: string;
  latest: number;
  last_sync_details: Partial<SyncDetails> | null;
}

/**
 * pulp_file's sync from a PULP_MANIFEST remote (spec: file-plugin §3–4): the manifest is
 * downloaded, skipped when nothing changed since the last sync, then read twice from the sync's
 * directory — once to validate and count it, once in batches written into the new version
 * (writeManifestVersion) — so memory stays flat whatever its size. Anything that fails discards
 * the version; spooled files go with the sync's directory.
 */
@Injectable()
export class FileSynchronizeTask {
  constructor(
    private readonly settings: PulpSettings,
    private readonly store: ArtifactStore,
    private readonly versions: RepositoryVersionView,
    private readonly repositoryTypes: RepositoryTypes,
    private readonly publisher: FilePublisher,
    private readonly encryption: DatabaseEncryption,
  ) {}

  @TaskHandler(SYNCHRONIZE_TASK)
  async synchronize(context: TaskContext): Promise<unknown> {
    const { kwargs } = context;
    const repositoryId = String(kwargs.repository_pk);
    const mirror = kwargs.mirror === true;
    const [remote] = await context.sql<RemoteRow>('SELECT * FROM core_remote WHERE pulp_id = $1', [kwargs.remote_pk]);
    if (!remote) {
      throw new PulpError('not-found', 'PLP0404', `Remote ${String(kwargs.remote_pk)} does not exist.`);
    }
    // An ACS refresh reads a path below its remote's URL; a sync, the remote's manifest.
    const url = typeof kwargs.url === 'string' ? kwargs.url : remote.url;
    // The settings may have changed since the remote was saved: its URL is checked again before use.
    const urlProblem = remoteUrlProblem(url, this.settings.ALLOWED_IMPORT_PATHS);
    if (urlProblem) {
      throw new PulpError('invalid', 'PLP0001', urlProblem);
    }
    const downloader = createDownloader(remoteDownloaderConfig(remote, this.encryption), { logger });
    const dir = await syncDirectory(context.sql, this.settings.WORKING_DIRECTORY, context.taskId);
    let alternates: AlternateSources | null = null;
    try {
      const metadata = await context.progress({
        message: 'Downloading Metadata Files',
        code: 'sync.downloading.metadata',
      });
      const manifest = await downloader.download(url, { dir, algorithms: ['sha256'] });
      await metadata.increment();
      const repository = await this.repository(context, repositoryId);
      const details: SyncDetails = {
        remote_pk: remote.pulp_id,
        url,
        download_policy: remote.policy,
        mirror,
        most_recent_version: repository.latest,
        manifest_checksum: manifest.digests.sha256!,
      };
      if (kwargs.optimize !== false && (await this.unchanged(context, repositoryId, repository, details))) {
        await context
          .progress({
            message: 'Skipping Sync (no change from previous sync)',
            code: 'sync.was_skipped',
            total: 1,
          })
          .then((skipped) => skipped.increment());
        return null;
      }
      const total = await countEntries(manifest.path);
      if (remote.policy === 'immediate') {
        alternates = await AlternateSources.of(context.sql, repository.pulp_domain_id, this.encryption, logger);
      }
      const version = await this.repositoryTypes.buildVersion(context, repositoryId, async (next) => {
        const parsing = await context.progress({
          message: 'Parsing Metadata Lines',
          code: 'sync.parsing.metadata',
          total,
        });
        const downloads =
          remote.policy === 'immediate'
            ? {
                downloader,
                store: this.store,
                place: { dir, algorithms: this.settings.ALLOWED_CONTENT_CHECKSUMS as DownloadTarget['algorithms'] },
                concurrency: remote.download_concurrency ?? 10,
                progress: await context.progress({
                  message: 'Downloading Artifacts',
                  code: 'sync.downloading.artifacts',
                }),
                alternates,
              }
            : undefined;
        const source = {
          path: manifest.path,
          manifestUrl: url,
          remoteId: remote.pulp_id,
          domainId: repository.pulp_domain_id,
          mirror,
          downloads,
        };
        await writeManifestVersion(context, next, source, parsing);
      });
      await this.report(context, version, mirror);
      if (version && mirror) {
        // Pulp's mirror sync also publishes the new version with the upstream's own manifest; before
        // the details are saved, so that a failed publication is not skipped by the next sync.
        await this.publisher.publishVersion(context, version.id, {
          manifest: manifestName(url),
          manifestSource: createReadStream(manifest.path),
        });
      }
      await this.saveDetails(context, repositoryId, {
        ...details,
        most_recent_version: version?.number ?? repository.latest,
      });
      return version ? this.versions.find(version.id) : null;
    } catch (error) {
      throw error instanceof ManifestError ? new PulpError('invalid', 'PLP0001', error.message) : error;
    } finally {
      downloader.close();
      alternates?.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async repository(context: TaskContext, repositoryId: string): Promise<RepositoryRow> {
    const [repository] = await context.sql<RepositoryRow>(
      `SELECT r.pulp_domain_id, f.last_sync_details,
              (SELECT max(v.number) FROM core_repositoryversion v WHERE v.repository_id = r.pulp_id AND v.complete) AS latest
         FROM core_repository r LEFT JOIN file_filerepository f ON f.repository_id = r.pulp_id
        WHERE r.pulp_id = $1 AND r.pulp_type = $2`,
      [repositoryId, FILE_TYPE],
    );
    if (!repository) {
      throw new PulpError('not-found', 'PLP0404', `Repository ${repositoryId} does not exist.`);
    }
    return repository;
  }

  /** The last sync saw this very manifest and left nothing undone (for immediate: every unit has its file). */
  private async unchanged(
    context: TaskContext,
    repositoryId: string,
    repository: RepositoryRow,
    details: SyncDetails,
  ): Promise<boolean> {
    if (!unchangedSince(repository.last_sync_details, details)) {
      return false;
    }
    if (details.download_policy !== 'immediate') {
      return true;
    }
    const [lacking] = await context.sql(
      `SELECT 1 FROM core_repositorycontent rc JOIN core_contentartifact ca ON ca.content_id = rc.content_id
        WHERE rc.repository_id = $1 AND rc.removed_number IS NULL AND ca.artifact_id IS NULL LIMIT 1`,
      [repositoryId],
    );
    return !lacking;
  }

  /** Pulp's association reports: what the new version added, and (mirror) what it removed. */
  private async report(context: TaskContext, version: CompletedVersion | null, mirror: boolean): Promise<void> {
    const count = (side: 'added' | 'removed') => version?.contentSummary[side][FILE_TYPE] ?? 0;
    const associating = await context.progress({ message: 'Associating Content', code: 'associating.content' });
    await associating.increment(count('added'));
    if (mirror) {
      const unassociating = await context.progress({
        message: 'Un-Associating Content',
        code: 'unassociating.content',
      });
      await unassociating.increment(count('removed'));
    }
  }

  private async saveDetails(context: TaskContext, repositoryId: string, details: SyncDetails): Promise<void> {
    await context.sql(
      `INSERT INTO file_filerepository (repository_id, last_sync_details) VALUES ($1, $2)
       ON CONFLICT (repository_id) DO UPDATE SET last_sync_details = EXCLUDED.last_sync_details`,
      [repositoryId, JSON.stringify(details)],
    );
  }
}
