import { Global, Module } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { DatabaseEncryption, SQL, TableChanges, type Sql } from '@pulp/database';
import { ArtifactStorage, StorageModule } from '@pulp/storage';
import { DomainStorages } from './domain-storages';

/**
 * Each domain's artifact storage (DomainStorages), beside the global one it starts from. Where the
 * process follows table changes (API, content app), a domain's storage is rebuilt as soon as its row
 * changes; elsewhere its row is read on each use.
 */
@Global()
@Module({
  imports: [StorageModule],
  providers: [
    {
      provide: DomainStorages,
      useFactory: (
        sql: Sql,
        global: ArtifactStorage,
        settings: PulpSettings,
        encryption: DatabaseEncryption,
        changes?: TableChanges,
      ) => new DomainStorages(sql, global, settings, encryption, changes),
      inject: [SQL, ArtifactStorage, PulpSettings, DatabaseEncryption, { token: TableChanges, optional: true }],
    },
  ],
  exports: [DomainStorages, StorageModule],
})
export class DomainStoragesModule {}
