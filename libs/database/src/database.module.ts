import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PG_POOL, poolOf, SQL, sqlOf } from './sql';

/** Provides the process's initialised DataSource (and its pg pool) to every module and closes it at shutdown. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: PG_POOL, useFactory: poolOf, inject: [DataSource] },
        { provide: SQL, useFactory: sqlOf, inject: [PG_POOL] },
      ],
      exports: [DataSource, PG_POOL, SQL],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}
