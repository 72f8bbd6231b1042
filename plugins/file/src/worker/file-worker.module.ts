import { Module } from '@nestjs/common';
import { FILE_ACS_ENDPOINTS } from '../api/file-acs';
import { FILE_REPOSITORY_ENDPOINTS } from '../api/file-repositories';

/** pulpcore-worker's file task handlers; the typed views render the results of core's general tasks. */
@Module({
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers, ...FILE_ACS_ENDPOINTS.providers],
})
export class FileWorkerModule {}
