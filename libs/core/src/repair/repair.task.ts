import { Injectable } from '@nestjs/common';
import { ArtifactStorage } from '@pulp/storage';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { repairArtifacts, type Redownload } from './repair-artifacts';

export const REPAIR_ALL_TASK = 'pulpcore.app.tasks.repository.repair_all_artifacts';
export const REPAIR_VERSION_TASK = 'pulpcore.app.tasks.repository.repair_version';

/** Artifacts content uses (orphans are not worth repairing). */
const USED_ARTIFACTS = 'SELECT ca.artifact_id FROM core_contentartifact ca WHERE ca.artifact_id IS NOT NULL';

/** The artifacts of a repository version's content. */
const VERSION_ARTIFACTS = `
  SELECT ca.artifact_id FROM core_contentartifact ca
    JOIN core_repositorycontent rc ON rc.content_id = ca.content_id
    JOIN core_repositoryversion v ON v.repository_id = rc.repository_id
   WHERE v.pulp_id = $1 AND ca.artifact_id IS NOT NULL AND rc.added_number <= v.number
     AND (rc.removed_number IS NULL OR rc.removed_number > v.number)`;

/** Pulp's repair tasks: of the whole storage (`POST repair/`) and of one repository version. */
@Injectable()
export class RepairTasks {
  constructor(private readonly storage: ArtifactStorage) {}

  @TaskHandler(REPAIR_ALL_TASK)
  async repairAll(context: TaskContext): Promise<null> {
    await repairArtifacts(
      context,
      this.storage,
      { text: USED_ARTIFACTS, params: [] },
      context.kwargs.verify_checksums !== false,
      this.redownload,
    );
    return null;
  }

  @TaskHandler(REPAIR_VERSION_TASK)
  async repairVersion(context: TaskContext): Promise<null> {
    await repairArtifacts(
      context,
      this.storage,
      { text: VERSION_ARTIFACTS, params: [String(context.kwargs.repository_version_pk)] },
      context.kwargs.verify_checksums !== false,
      this.redownload,
    );
    return null;
  }

  // Fetching a good copy from the content's remotes comes with the downloader (libs/download);
  // until then a bad file cannot be repaired, and is deleted.
  private readonly redownload: Redownload = () => Promise.resolve(false);
}
