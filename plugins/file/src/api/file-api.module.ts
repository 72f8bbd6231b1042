import { Module } from '@nestjs/common';
import { FILE_ENDPOINTS } from './file-endpoints';

/** pulpcore-api's file endpoints. */
@Module({
  controllers: FILE_ENDPOINTS.flatMap((endpoints) => endpoints.controllers),
  providers: FILE_ENDPOINTS.flatMap((endpoints) => endpoints.providers),
})
export class FileApiModule {}
