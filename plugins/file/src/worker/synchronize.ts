import { mkdir, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable, Logger } from '@nestjs/common';
import {
  ArtifactStore,
  createDownloader,
  DetailTypes,
  PulpError,
  PulpSettings,
  recordCreatedVersion,
  RepositoryVersionView,
  RepositoryVersions,
  TaskHandler,
  type CompletedVersion,
  type DownloaderConfig,
  type DownloadTarget,
  type TaskContext,
} from '@pulp/plugin-api';
import { SYNCHRONIZE_TASK } from '../file-tasks';
import { FILE_TYPE } from '../file-types';
import { batches, entryUrl, ManifestError, manifestEntries, type ManifestEntry } from '../manifest';
import { downloadFiles } from './download-files';
import { linkArtifacts, missingFiles, saveEntries } from './sync-content';
import { unchangedSince, type SyncDetails } from './sync-details';
import { sameRelativePaths } from './same-paths';

/** Entries written per statement set: large enough to amortise round trips, small enough for flat memory. */
const BATCH = 2_000;

const logger = new Logger('file-sync');

type RemoteRow = DownloaderConfig & { pulp_id: string; url: string; policy: string; pulp_type: string };

interface RepositoryRow {
  pulp_domain_id: string;
  latest: number;
  last_sync_details: Partial<SyncDetails> | null;
}

/**
 * pulp_file's sync from a PULP_MANIFEST remote (spec: file-plugin §3–4): the manifest is
 * downloaded, then read twice from the task's working directory — once to validate and count it,
 * once in batches that are written set-based and added to the new version — so memory stays flat
 * whatever its size. Immediate remotes download each missing file, verified, before its batch is
 * added. Anything that fails discards the version; spooled files go with the working directory.
 */
@Injectable()
export class FileSynchronizeTask {
  constructor(
    private readonly settings: PulpSettings,
    private readonly store: ArtifactStore,
    private readonly types: DetailTypes,
    private readonly versions: RepositoryVersionView,
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
    this.refuseUnimportable(remote.url);
    const dir = join(this.settings.WORKING_DIRECTORY, `file-sync-${context.taskId}`);
    await mkdir(dir, { recursive: true });
    const downloader = createDownloader(remote, { logger });
    try {
      const metadata = await context.progress({
        message: 'Downloading Metadata Files',
        code: 'sync.downloading.metadata',
      });
      const manifest = await downloader.download(remote.url, { dir, algorithms: ['sha256'] });
      await metadata.increment();
      const repository = await this.repository(context, repositoryId);
      const details: SyncDetails = {
        remote_pk: remote.pulp_id,
        url: remote.url,
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
      const version = await new RepositoryVersions(context).build(repositoryId, async (next) => {
        const parsing = await context.progress({
          message: 'Parsing Metadata Lines',
          code: 'sync.parsing.metadata',
          total,
        });
        const downloading =
          remote.policy === 'immediate'
            ? await context.progress({ message: 'Downloading Artifacts', code: 'sync.downloading.artifacts' })
            : undefined;
        if (mirror) {
          await next.removeAll();
        }
        const source = {
          domainId: repository.pulp_domain_id,
          remoteId: remote.pulp_id,
          url: (entry: ManifestEntry) => entryUrl(remote.url, entry.relativePath),
        };
        let written = 0;
        for await (const batch of batches(readEntries(manifest.path), BATCH)) {
          const entries = lastPerPath(batch);
          const ids = await context.transaction((sql) => saveEntries(sql, source, entries));
          if (++written > 1 && isPowerOfTwo(written)) {
            await refreshStatistics(context);
          }
          if (downloading) {
            await downloadFiles(
              await missingFiles(context.sql, remote.pulp_id, ids),
              downloader,
              this.store,
              { dir, algorithms: this.settings.ALLOWED_CONTENT_CHECKSUMS as DownloadTarget['algorithms'] },
              remote.download_concurrency ?? 10,
              (links) => linkArtifacts(context.sql, repository.pulp_domain_id, links),
              downloading,
            );
          }
          await next.remove(sameRelativePaths(repositoryId, ids));
          await next.add(ids);
          await parsing.increment(batch.length);
        }
      });
      await this.report(context, version, mirror);
      await this.saveDetails(context, repositoryId, {
        ...details,
        most_recent_version: version?.number ?? repository.latest,
      });
      if (!version) {
        return null;
      }
      await recordCreatedVersion(context, version, this.types);
      return this.versions.find(version.id);
    } catch (error) {
      throw error instanceof ManifestError ? new PulpError('invalid', 'PLP0001', error.message) : error;
    } finally {
      downloader.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** file:// remotes read only below ALLOWED_IMPORT_PATHS (Pulp's rule for imports). */
  private refuseUnimportable(url: string): void {
    if (!url.startsWith('file:')) {
      return;
    }
    const path = fileURLToPath(url);
    if (
      !this.settings.ALLOWED_IMPORT_PATHS.some((allowed) =>
        path.startsWith(allowed.endsWith('/') ? allowed : `${allowed}/`),
      )
    ) {
      throw new PulpError('invalid', 'PLP0001', `The path ${path} is not in ALLOWED_IMPORT_PATHS.`);
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

/**
 * A sync can grow the file tables from nothing to 100,000 rows in one task; planned with the
 * statistics of the empty tables, the batch statements turn into scans that grow with each batch.
 * Refreshed as the sync's own rows double (from its second batch: small syncs never pay for it),
 * they stay index lookups.
 */
async function refreshStatistics(context: TaskContext): Promise<void> {
  await context.sql(
    'ANALYZE file_filecontent, core_content, core_contentartifact, core_remoteartifact, core_repositorycontent',
  );
}

function isPowerOfTwo(n: number): boolean {
  return (n & (n - 1)) === 0;
}

function readEntries(path: string): AsyncGenerator<ManifestEntry> {
  return manifestEntries(createReadStream(path));
}

/** Validates the whole manifest before anything is written, and counts its entries (the parsing report's total). */
async function countEntries(path: string): Promise<number> {
  let count = 0;
  for await (const _entry of readEntries(path)) {
    count++;
  }
  return count;
}

/** A path listed twice in one batch: the later line wins, as a later batch's would. */
function lastPerPath(entries: ManifestEntry[]): ManifestEntry[] {
  return [...new Map(entries.map((entry) => [entry.relativePath, entry])).values()];
}
