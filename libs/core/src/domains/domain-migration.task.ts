import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { DatabaseEncryption } from '@pulp/database';
import { DomainStorages } from '@pulp/domains';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { DomainStorageMigration, type MigrationTarget } from './storage-migration';

/** Pulp's task name (pulpcore.app.tasks.migrate.migrate_backend). */
export const MIGRATE_BACKEND_TASK = 'pulpcore.app.tasks.migrate.migrate_backend';

/** Runs `domains/migrate/`'s task: the domain (kwargs.domain_pk) moves to the storage of args[0]. */
@Injectable()
export class DomainMigrationTask {
  private readonly migration: DomainStorageMigration;

  constructor(storages: DomainStorages, encryption: DatabaseEncryption, settings: PulpSettings) {
    this.migration = new DomainStorageMigration(storages, encryption, settings.WORKING_DIRECTORY);
  }

  @TaskHandler(MIGRATE_BACKEND_TASK)
  async migrate(context: TaskContext): Promise<null> {
    await this.migration.migrate(context, String(context.kwargs.domain_pk), context.args[0] as MigrationTarget);
    return null;
  }
}
