import { Module } from '@nestjs/common';
import { StorageModule } from '@pulp/storage';
import { OrphansController } from './orphans/orphans.controller';

/** pulpcore-api's core content endpoints: artifacts, uploads, generic lists, orphans. */
@Module({
  imports: [StorageModule],
  controllers: [OrphansController],
  providers: [],
})
export class ContentApiModule {}
