import { Module } from '@nestjs/common';
import { FILE_REPOSITORY_ENDPOINTS } from './file-repositories';

/** pulpcore-api's file endpoints. */
@Module({
  controllers: [...FILE_REPOSITORY_ENDPOINTS.controllers],
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers],
})
export class FileApiModule {}
