import { Global, Module } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { PG_POOL, type PgPoolLike } from '@pulp/database';
import { TaskQueue } from './task-queue';

/** The task queue over the process's database; every process that dispatches or runs tasks imports it. */
@Global()
@Module({
  providers: [
    {
      provide: TaskQueue,
      useFactory: (pool: PgPoolLike, settings: PulpSettings) => new TaskQueue(pool, settings.SECRET_KEY),
      inject: [PG_POOL, PulpSettings],
    },
  ],
  exports: [TaskQueue],
})
export class TaskingModule {}
