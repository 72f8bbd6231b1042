import { Module } from '@nestjs/common';
import { FILE_REPOSITORY_ENDPOINTS } from '../api/file-repositories';
import { FILE_CONTENT_ENDPOINTS } from '../content/file-content';
import { FileRepositoryHooks } from './file-repository-hooks';

/**
 * pulpcore-worker's file providers: the typed views render the results of core's general tasks,
 * the content creator makes file units, the hooks finalize every file repository version.
 */
@Module({
  providers: [...FILE_CONTENT_ENDPOINTS.providers, ...FILE_REPOSITORY_ENDPOINTS.providers, FileRepositoryHooks],
})
export class FileWorkerModule {}
