import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseEncryption } from './encryption';
import { PG_POOL, poolOf, SQL, sqlOf, type PgPoolLike } from './sql';

/**
 * Provides the process's initialised DataSource (and its pg pool), and the keys of its encrypted
 * fields, to every module; closes the DataSource at shutdown. `wrapPool` lets a process put a layer
 * over the pool every raw query goes through (the task process fences its tasks' writes there).
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  static forRoot(
    dataSource: DataSource,
    encryption: DatabaseEncryption,
    wrapPool: (pool: PgPoolLike) => PgPoolLike = (pool) => pool,
  ): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: DatabaseEncryption, useValue: encryption },
        { provide: PG_POOL, useFactory: (source: DataSource) => wrapPool(poolOf(source)), inject: [DataSource] },
        { provide: SQL, useFactory: sqlOf, inject: [PG_POOL] },
      ],
      exports: [DataSource, DatabaseEncryption, PG_POOL, SQL],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}
