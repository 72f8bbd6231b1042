import { Module } from '@nestjs/common';
import { FILE_CONTENT_ENDPOINTS } from '../content/file-content';
import { FILE_REPOSITORY_ENDPOINTS } from './file-repositories';

/** pulpcore-api's file endpoints. */
@Module({
  controllers: [...FILE_CONTENT_ENDPOINTS.controllers, ...FILE_REPOSITORY_ENDPOINTS.controllers],
  providers: [...FILE_CONTENT_ENDPOINTS.providers, ...FILE_REPOSITORY_ENDPOINTS.providers],
})
export class FileApiModule {}
