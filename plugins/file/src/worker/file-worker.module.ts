import { Module } from '@nestjs/common';
import { FILE_REPOSITORY_ENDPOINTS } from '../api/file-repositories';
import { FileSynchronizeTask } from './synchronize';

/** pulpcore-worker's file task handlers; the typed views render the results of core's general tasks. */
@Module({
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers, FileSynchronizeTask],
})
export class FileWorkerModule {}
