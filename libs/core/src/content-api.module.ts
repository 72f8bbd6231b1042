import { Module } from '@nestjs/common';
import { StorageModule } from '@pulp/storage';

/** pulpcore-api's core content endpoints: artifacts, uploads, generic lists, orphans. */
@Module({
  imports: [StorageModule],
  controllers: [],
  providers: [],
})
export class ContentApiModule {}
