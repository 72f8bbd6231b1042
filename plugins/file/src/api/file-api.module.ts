import { Module } from '@nestjs/common';
import { FILE_ACS_ENDPOINTS } from './file-acs';
import { FILE_REPOSITORY_ENDPOINTS } from './file-repositories';

/** pulpcore-api's file endpoints. */
@Module({
  controllers: [...FILE_REPOSITORY_ENDPOINTS.controllers, ...FILE_ACS_ENDPOINTS.controllers],
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers, ...FILE_ACS_ENDPOINTS.providers],
})
export class FileApiModule {}
