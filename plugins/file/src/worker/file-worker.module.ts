import { Module } from '@nestjs/common';
import { FILE_ENDPOINTS } from '../api/file-endpoints';

/** pulpcore-worker's file task handlers; the typed views render the results of core's general tasks. */
@Module({
  providers: FILE_ENDPOINTS.flatMap((endpoints) => endpoints.providers),
})
export class FileWorkerModule {}
