import { Global, Module } from '@nestjs/common';
import { DatabaseEncryption, PG_POOL, type PgPoolLike } from '@pulp/database';
import { TaskQueue } from './task-queue';

/** The task queue over the process's database; every process that dispatches or runs tasks imports it. */
@Global()
@Module({
  providers: [
    {
      provide: TaskQueue,
      useFactory: (pool: PgPoolLike, encryption: DatabaseEncryption) => new TaskQueue(pool, encryption),
      inject: [PG_POOL, DatabaseEncryption],
    },
  ],
  exports: [TaskQueue],
})
export class TaskingModule {}
