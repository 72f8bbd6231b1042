import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { DomainStorages } from '@pulp/domains';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { deleteChunkFiles, deleteUploadRows } from './upload-files';

/** Pulp's stale upload cleanup (a built-in schedule when UPLOAD_PROTECTION_TIME > 0). */
@Injectable()
export class UploadCleanupTask {
  constructor(
    private readonly storages: DomainStorages,
    private readonly settings: PulpSettings,
  ) {}

  @TaskHandler('pulpcore.app.tasks.orphan.upload_cleanup')
  async cleanup({ kwargs, sql, transaction, progress }: TaskContext): Promise<null> {
    const minutes = Number(kwargs.protection_time ?? this.settings.UPLOAD_PROTECTION_TIME);
    const stale = await sql<{ pulp_id: string }>(
      'SELECT pulp_id FROM core_upload WHERE pulp_created < now() - make_interval(mins => $1)',
      [minutes],
    );
    const report = await progress({ message: 'Clean up uploads', code: 'clean-up.uploads', total: stale.length });
    for (const { pulp_id } of stale) {
      // An upload being committed (or getting a chunk) holds its row: it is left to that work.
      const files = await transaction(async (locked) => {
        const [free] = await locked('SELECT 1 FROM core_upload WHERE pulp_id = $1 FOR UPDATE SKIP LOCKED', [pulp_id]);
        return free ? deleteUploadRows(locked, pulp_id) : { domainId: null, files: [] };
      });
      await deleteChunkFiles(this.storages, files);
      await report.increment();
    }
    return null;
  }
}
