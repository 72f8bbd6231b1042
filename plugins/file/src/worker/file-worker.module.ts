import { Module } from '@nestjs/common';
import { FILE_PUBLICATION_ENDPOINTS } from '../api/file-publications';
import { FILE_REPOSITORY_ENDPOINTS } from '../api/file-repositories';
import { FilePublisher } from './publish';

/** pulpcore-worker's file task handlers; the typed views render the results of core's general tasks. */
@Module({
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers, ...FILE_PUBLICATION_ENDPOINTS.providers, FilePublisher],
  exports: [FilePublisher],
})
export class FileWorkerModule {}
