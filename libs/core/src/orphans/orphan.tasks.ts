import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { DomainStorages } from '@pulp/domains';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { sweepUnfinishedWrites } from '../artifacts/unfinished-writes';
import { cleanUpOrphans } from './orphans';

/** Pulp's orphan cleanup task. */
@Injectable()
export class OrphanTasks {
  constructor(
    private readonly storages: DomainStorages,
    private readonly settings: PulpSettings,
  ) {}

  @TaskHandler('pulpcore.app.tasks.orphan.orphan_cleanup')
  async orphanCleanup({ kwargs, sql, transaction, taskId, progress }: TaskContext): Promise<null> {
    const [{ pulp_domain_id: domainId }] = await sql<{ pulp_domain_id: string }>(
      'SELECT pulp_domain_id FROM core_task WHERE pulp_id = $1',
      [taskId],
    );
    await cleanUpOrphans({ sql, transaction }, this.storages, progress, {
      domainId,
      protectionMinutes:
        (kwargs.orphan_protection_time as number | null | undefined) ?? this.settings.ORPHAN_PROTECTION_TIME,
      contentIds: (kwargs.content_pks as string[] | null | undefined) ?? null,
    });
    // Files of killed tasks too, for workers whose task process never started again.
    await sweepUnfinishedWrites({ sql, transaction }, this.storages);
    return null;
  }
}
