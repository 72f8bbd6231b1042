import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { PulpError } from '@pulp/errors';
import { ArtifactStorage } from '@pulp/storage';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { cleanUpOrphans, cleanUpUploads } from './orphans';

/** Pulp's orphan and upload cleanup tasks. */
@Injectable()
export class OrphanTasks {
  constructor(
    private readonly storage: ArtifactStorage,
    private readonly settings: PulpSettings,
  ) {}

  @TaskHandler('pulpcore.app.tasks.orphan.orphan_cleanup')
  async orphanCleanup({ kwargs, sql, taskId, progress }: TaskContext): Promise<null> {
    const [{ pulp_domain_id: domainId }] = await sql<{ pulp_domain_id: string }>(
      'SELECT pulp_domain_id FROM core_task WHERE pulp_id = $1',
      [taskId],
    );
    await cleanUpOrphans(sql, this.storage, progress, {
      domainId,
      protectionMinutes:
        (kwargs.orphan_protection_time as number | null | undefined) ?? this.settings.ORPHAN_PROTECTION_TIME,
      contentIds: (kwargs.content_pks as string[] | null | undefined) ?? null,
    });
    return null;
  }

  /** Dispatched by the schedule that exists only while UPLOAD_PROTECTION_TIME > 0; 0 would mean "every upload". */
  @TaskHandler('pulpcore.app.tasks.orphan.upload_cleanup')
  async uploadCleanup({ sql, progress }: TaskContext): Promise<null> {
    if (this.settings.UPLOAD_PROTECTION_TIME <= 0) {
      throw new PulpError('invalid', 'PLP0001', 'Upload cleanup is disabled: UPLOAD_PROTECTION_TIME is 0.');
    }
    await cleanUpUploads(sql, this.storage, progress, this.settings.UPLOAD_PROTECTION_TIME);
    return null;
  }
}
