import { Module } from '@nestjs/common';
import { StorageModule } from '@pulp/storage';

/** Core's content task handlers, run by the worker's task process. */
@Module({
  imports: [StorageModule],
  providers: [],
})
export class ContentTasksModule {}
