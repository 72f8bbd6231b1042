import { Module } from '@nestjs/common';
import { FILE_PUBLICATION_ENDPOINTS } from './file-publications';
import { FILE_REPOSITORY_ENDPOINTS } from './file-repositories';

/** pulpcore-api's file endpoints. */
@Module({
  controllers: [...FILE_REPOSITORY_ENDPOINTS.controllers, ...FILE_PUBLICATION_ENDPOINTS.controllers],
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers, ...FILE_PUBLICATION_ENDPOINTS.providers],
})
export class FileApiModule {}
