import { Global, Module } from '@nestjs/common';
import { StorageModule } from '@pulp/storage';
import { DomainStorages } from './domain-storages';

/** Each domain's artifact storage (DomainStorages), beside the global one it starts from. */
@Global()
@Module({ imports: [StorageModule], providers: [DomainStorages], exports: [DomainStorages, StorageModule] })
export class DomainStoragesModule {}
