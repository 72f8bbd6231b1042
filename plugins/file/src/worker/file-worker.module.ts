import { Module } from '@nestjs/common';
import { FILE_REMOTE_ENDPOINTS } from '../api/file-remotes';
import { FILE_REPOSITORY_ENDPOINTS } from '../api/file-repositories';

/** pulpcore-worker's file task handlers; the typed views render the results of core's general tasks. */
@Module({
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers, ...FILE_REMOTE_ENDPOINTS.providers],
})
export class FileWorkerModule {}
