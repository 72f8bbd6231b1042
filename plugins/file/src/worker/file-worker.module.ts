import { Module } from '@nestjs/common';
import { FILE_DISTRIBUTION_ENDPOINTS } from '../api/file-distributions';
import { FILE_REPOSITORY_ENDPOINTS } from '../api/file-repositories';

/**
 * pulpcore-worker's file task handlers. The typed views render the results of core's general
 * tasks, and tell them the file repository's own table.
 */
@Module({
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers, ...FILE_DISTRIBUTION_ENDPOINTS.providers],
})
export class FileWorkerModule {}
