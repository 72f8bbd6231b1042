import { Global, Module } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { DatabaseEncryption, SQL, TableChanges, TableChangesModule, type Sql } from '@pulp/database';
import { ArtifactStorage, StorageModule } from '@pulp/storage';
import { DomainDirectory } from './domain-directory';
import { DomainStorages } from './domain-storages';

/**
 * Each domain's artifact storage (DomainStorages), beside the global one it starts from, and the
 * domain of each name (DomainDirectory), kept until the domain's row changes: the process's
 * TableChanges listener (the one the API and content app have anyway; a worker's task process
 * opens it here) says when.
 */
@Global()
@Module({
  imports: [StorageModule, TableChangesModule],
  providers: [
    {
      provide: DomainStorages,
      useFactory: (
        sql: Sql,
        global: ArtifactStorage,
        settings: PulpSettings,
        encryption: DatabaseEncryption,
        changes: TableChanges,
      ) => new DomainStorages(sql, global, settings, encryption, changes),
      inject: [SQL, ArtifactStorage, PulpSettings, DatabaseEncryption, TableChanges],
    },
    {
      provide: DomainDirectory,
      useFactory: (sql: Sql, changes: TableChanges) => new DomainDirectory(sql, changes),
      inject: [SQL, TableChanges],
    },
  ],
  exports: [DomainStorages, DomainDirectory, StorageModule],
})
export class DomainStoragesModule {}
