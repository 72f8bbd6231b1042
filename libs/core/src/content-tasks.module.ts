import { Module } from '@nestjs/common';
import { StorageModule } from '@pulp/storage';
import { ARTIFACT_STORE_PROVIDER } from './artifacts/artifact-store.provider';
import { OrphanTasks } from './orphans/orphan.tasks';
import { RepairTasks } from './repair/repair.task';
import { RepositoryTasks } from './repository/repository.tasks';
import { CommitUploadTask } from './uploads/commit-upload.task';
import { UploadCleanupTask } from './uploads/upload-cleanup.task';

/** Core's content task handlers, run by the worker's task process. */
@Module({
  imports: [StorageModule],
  providers: [ARTIFACT_STORE_PROVIDER, CommitUploadTask, RepairTasks, UploadCleanupTask, OrphanTasks, RepositoryTasks],
})
export class ContentTasksModule {}
