import { Module } from '@nestjs/common';
import { FILE_ENDPOINTS } from './file-endpoints';
import { FileSyncController } from './file-sync.controller';

/** pulpcore-api's file endpoints. */
@Module({
  controllers: [...FILE_ENDPOINTS.flatMap((endpoints) => endpoints.controllers), FileSyncController],
  providers: FILE_ENDPOINTS.flatMap((endpoints) => endpoints.providers),
})
export class FileApiModule {}
