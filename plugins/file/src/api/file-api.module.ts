import { Module } from '@nestjs/common';
import { FILE_DISTRIBUTION_ENDPOINTS } from './file-distributions';
import { FILE_REPOSITORY_ENDPOINTS } from './file-repositories';

/** pulpcore-api's file endpoints. */
@Module({
  controllers: [...FILE_REPOSITORY_ENDPOINTS.controllers, ...FILE_DISTRIBUTION_ENDPOINTS.controllers],
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers, ...FILE_DISTRIBUTION_ENDPOINTS.providers],
})
export class FileApiModule {}
