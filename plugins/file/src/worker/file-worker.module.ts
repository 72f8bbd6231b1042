import { Module } from '@nestjs/common';
import { FILE_ENDPOINTS } from '../api/file-endpoints';
import { FileRepositoryHooks } from './file-repository-hooks';
import { FileSynchronizeTask } from './synchronize';
import { FilePublisher } from './publish';

/**
 * pulpcore-worker's file providers: the typed views render the results of core's general tasks,
 * the content creator makes file units, the hooks finalize every file repository version.
 */
@Module({
  providers: [
    ...FILE_ENDPOINTS.flatMap((endpoints) => endpoints.providers),
    FileRepositoryHooks,
    FilePublisher,
    FileSynchronizeTask,
  ],
  exports: [FilePublisher],
})
export class FileWorkerModule {}
