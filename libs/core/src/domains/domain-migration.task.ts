import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { DatabaseEncryption, type Sql } from '@pulp/database';
import { DomainStorages, isDefaultDomain, type StorageSettings } from '@pulp/domains';
import { PulpError } from '@pulp/errors';
import { createStorage, type ArtifactStorage } from '@pulp/storage';
import { TaskHandler, type ProgressReporter, type TaskContext } from '@pulp/tasking';
import { updateDomain } from './domain-writes';
import { copyArtifactFile, type MigratedFile } from './storage-migration';

/** Pulp's task name (pulpcore.app.tasks.migrate.migrate_backend). */
export const MIGRATE_BACKEND_TASK = 'pulpcore.app.tasks.migrate.migrate_backend';

/** The new storage, as the API checked it: the task's one argument, as Pulp's. */
export interface MigrationTarget {
  storage_class: string;
  storage_settings: StorageSettings;
}

const BATCH = 500;

/** The domain's artifacts created at or after $2 (all of them when null), in id order after $3. */
const ARTIFACTS = `
  SELECT pulp_id, file, size, sha256 FROM core_artifact
   WHERE pulp_domain_id = $1 AND ($2::timestamptz IS NULL OR pulp_created >= $2) AND pulp_id > $3
   ORDER BY pulp_id LIMIT ${BATCH}`;

/**
 * Pulp's storage migration of a domain: copies every artifact file to the new storage, then
 * switches the domain to it. The API holds the domain exclusively for it, so no other task of the
 * domain runs meanwhile; the content app goes on serving (and saving on-demand files) from the old
 * storage until the switch. Old files are left where they are, as Pulp leaves them.
 */
@Injectable()
export class DomainMigrationTask {
  constructor(
    private readonly storages: DomainStorages,
    private readonly encryption: DatabaseEncryption,
    private readonly settings: PulpSettings,
  ) {}

  @TaskHandler(MIGRATE_BACKEND_TASK)
  async migrate({ args, kwargs, sql, transaction, progress }: TaskContext): Promise<null> {
    const domainId = String(kwargs.domain_pk);
    const target = args[0] as MigrationTarget;
    const domain = await this.storages.of(domainId);
    if (isDefaultDomain(domain.name)) {
      throw new PulpError('invalid', 'PLP0001', 'Default domain can not be migrated.');
    }
    const files = { from: domain.storage, to: createStorage(target.storage_class, target.storage_settings) };
    const [{ count }] = await sql<{ count: string }>(
      'SELECT count(*)::text AS count FROM core_artifact WHERE pulp_domain_id = $1',
      [domainId],
    );
    const report = await progress({ message: 'Migrating Artifacts', code: 'migrate', total: Number(count) });
    // Artifacts keep arriving meanwhile: from the content app (on-demand) and the API (uploads).
    // Each catch-up pass copies those created since the previous pass began, until one copies none.
    const first = await this.copy(sql, domainId, null, files, report);
    for (let since = first.started; ; ) {
      const pass = await this.copy(sql, domainId, since, files, report);
      if (pass.copied === 0) {
        break;
      }
      since = pass.started;
    }
    const update = await progress({
      message: `Update Domain(${domain.name})'s Backend Settings`,
      code: 'update',
      total: 1,
    });
    await transaction(async (sql) => {
      // Waits for every artifact write in flight (each share-locks the row: DomainStorages.locked)
      // and holds off new ones until the switch. A row's stamp is its insert, a little before its
      // commit: the last pass looks at all created since the migration began (each a size check of
      // a file copied already), so none that committed late is missed.
      await sql('SELECT 1 FROM core_domain WHERE pulp_id = $1 FOR UPDATE', [domainId]);
      await this.copy(sql, domainId, first.started, files, report);
      await updateDomain(sql, domainId, { ...target }, this.encryption);
    });
    await update.increment();
    return null;
  }

  /**
   * One pass over the domain's artifacts created since `since` (all when null): copies those the new
   * storage lacks. The first pass counts every artifact (its total was counted before); a catch-up
   * pass counts only what it copies, raising the total by as much. Returns when the pass began and
   * how many files it copied.
   */
  private async copy(
    sql: Sql,
    domainId: string,
    since: Date | null,
    files: { from: ArtifactStorage; to: ArtifactStorage },
    report: ProgressReporter,
  ): Promise<{ started: Date; copied: number }> {
    const started = await clockTime(sql);
    let copied = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const batch = await sql<MigratedFile & { pulp_id: string }>(ARTIFACTS, [domainId, since, after]);
      if (batch.length === 0) {
        return { started, copied };
      }
      after = batch[batch.length - 1].pulp_id;
      let fresh = 0;
      for (const artifact of batch) {
        fresh += Number(await copyArtifactFile(files.from, files.to, artifact, this.settings.WORKING_DIRECTORY));
      }
      copied += fresh;
      if (since === null) {
        await report.increment(batch.length);
      } else if (fresh > 0) {
        await report.addToTotal(fresh);
        await report.increment(fresh);
      }
    }
  }
}

async function clockTime(sql: Sql): Promise<Date> {
  const [{ now }] = await sql<{ now: Date }>('SELECT clock_timestamp() AS now');
  return now;
}
