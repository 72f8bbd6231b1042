import { Module } from '@nestjs/common';
import { StorageModule } from '@pulp/storage';
import { OrphanTasks } from './orphans/orphan.tasks';
import { RepositoryTasks } from './repository/repository.tasks';

/** Core's content task handlers, run by the worker's task process. */
@Module({
  imports: [StorageModule],
  providers: [OrphanTasks, RepositoryTasks],
})
export class ContentTasksModule {}
