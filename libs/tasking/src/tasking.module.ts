import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PgPoolLike } from './sql';
import { TaskQueue } from './task-queue';
import { TASK_POOL } from './tasking.constants';

/** TypeORM's own pg pool: tasking queries share the process's connections instead of opening more. */
export function poolOf(dataSource: DataSource): PgPoolLike {
  return (dataSource.driver as unknown as { master: PgPoolLike }).master;
}

/** The task queue over the process's database; every process that dispatches or runs tasks imports it. */
@Global()
@Module({
  providers: [
    { provide: TASK_POOL, useFactory: poolOf, inject: [DataSource] },
    { provide: TaskQueue, useFactory: (pool: PgPoolLike) => new TaskQueue(pool), inject: [TASK_POOL] },
  ],
  exports: [TASK_POOL, TaskQueue],
})
export class TaskingModule {}
