import { Injectable, Logger } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { DatabaseEncryption, type Sql } from '@pulp/database';
import { currentDomainIdSql } from '@pulp/domains';
import { createDownloader, redactUrl, type Downloader } from '@pulp/download';
import { DomainStorages } from '@pulp/domains';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { inVersion } from '../repository/membership';
import { remoteDownloaderConfig } from '../remotes/remote-downloader-config';
import { repairArtifacts, type Redownload } from './repair-artifacts';

export const REPAIR_ALL_TASK = 'pulpcore.app.tasks.repository.repair_all_artifacts';
export const REPAIR_VERSION_TASK = 'pulpcore.app.tasks.repository.repair_version';

const logger = new Logger('repair');

/** Artifacts content of the current domain uses (orphans are not worth repairing). */
const usedArtifacts = () => `
  SELECT ca.artifact_id FROM core_contentartifact ca JOIN core_artifact a ON a.pulp_id = ca.artifact_id
   WHERE a.pulp_domain_id = ${currentDomainIdSql()}`;

/** The artifacts of a repository version's content. */
const VERSION_ARTIFACTS = `
  SELECT ca.artifact_id FROM core_contentartifact ca
    JOIN core_repositorycontent rc ON rc.content_id = ca.content_id
    JOIN core_repositoryversion v ON v.repository_id = rc.repository_id
   WHERE v.pulp_id = $1 AND ca.artifact_id IS NOT NULL AND ${inVersion('rc', 'v.number')}`;

/** Pulp's repair tasks: of the whole storage (`POST repair/`) and of one repository version. */
@Injectable()
export class RepairTasks {
  constructor(
    private readonly storages: DomainStorages,
    private readonly settings: PulpSettings,
    private readonly encryption: DatabaseEncryption,
  ) {}

  @TaskHandler(REPAIR_ALL_TASK)
  repairAll(context: TaskContext): Promise<null> {
    return this.repair(context, { text: usedArtifacts(), params: [] });
  }

  @TaskHandler(REPAIR_VERSION_TASK)
  repairVersion(context: TaskContext): Promise<null> {
    return this.repair(context, { text: VERSION_ARTIFACTS, params: [String(context.kwargs.repository_version_pk)] });
  }

  private async repair(context: TaskContext, artifactIds: { text: string; params: unknown[] }): Promise<null> {
    const redownload = this.redownloader(context.sql);
    try {
      await repairArtifacts(context, this.storages, artifactIds, context.kwargs.verify_checksums !== false, redownload);
    } finally {
      redownload.close();
    }
    return null;
  }

  /**
   * Fetches the artifact again from the remotes its content came from, one after the other, and
   * replaces the stored file with a copy whose sha256 is the recorded one; false when none could.
   */
  private redownloader(sql: Sql): Redownload & { close(): void } {
    const downloaders = new Map<string, Downloader>();
    const redownload = async (artifactId: string) => {
      const sources = await sql<RemoteSource>(
        // The remote's columns first: its own `url` (the remote's) must not hide the file's.
        `SELECT r.*, a.file, a.sha256, a.pulp_domain_id, ra.url
           FROM core_artifact a
           JOIN core_contentartifact ca ON ca.artifact_id = a.pulp_id
           JOIN core_remoteartifact ra ON ra.content_artifact_id = ca.pulp_id
           JOIN core_remote r ON r.pulp_id = ra.remote_id
          WHERE a.pulp_id = $1`,
        [artifactId],
      );
      for (const source of sources) {
        let downloader = downloaders.get(source.pulp_id);
        if (!downloader) {
          downloader = createDownloader(remoteDownloaderConfig(source, this.encryption), { logger });
          downloaders.set(source.pulp_id, downloader);
        }
        try {
          const file = await downloader.download(source.url, {
            dir: this.settings.WORKING_DIRECTORY,
            algorithms: ['sha256'],
            expected: { sha256: source.sha256 },
          });
          const { storage } = await this.storages.of(source.pulp_domain_id);
          await storage.replace(source.file, file.path);
          return true;
        } catch (error) {
          logger.warn(
            `Could not repair artifact ${artifactId} from ${redactUrl(source.url)}: ${(error as Error).message}`,
          );
        }
      }
      return false;
    };
    return Object.assign(redownload, { close: () => downloaders.forEach((downloader) => downloader.close()) });
  }
}

/** A remote that has a copy of an artifact: the remote's row (its network settings) and the file's URL there. */
type RemoteSource = Record<string, unknown> & {
  pulp_id: string;
  file: string;
  sha256: string;
  pulp_domain_id: string;
  url: string;
};
