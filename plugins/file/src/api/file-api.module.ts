import { Module } from '@nestjs/common';
import { FILE_REPOSITORY_ENDPOINTS } from './file-repositories';
import { FileSyncController } from './file-sync.controller';

/** pulpcore-api's file endpoints. */
@Module({
  controllers: [...FILE_REPOSITORY_ENDPOINTS.controllers, FileSyncController],
  providers: [...FILE_REPOSITORY_ENDPOINTS.providers],
})
export class FileApiModule {}
