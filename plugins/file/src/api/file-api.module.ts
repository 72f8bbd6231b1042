import { Module } from '@nestjs/common';
import { FILE_REMOTE_ENDPOINTS } from './file-remotes';
import { FILE_REPOSITORY_ENDPOINTS } from './file-repositories';

/** pulpcore-api's file endpoints. */
@Module({
  controllers: [...FILE_REPOSITORY_ENDPOINTS.controllers, ...FILE_REMOTE_ENDPOINTS.controllers],
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers, ...FILE_REMOTE_ENDPOINTS.providers],
})
export class FileApiModule {}
