import { Global, Module } from '@nestjs/common';
import { TableChanges } from './table-changes';

/**
 * The process's one TableChanges listener (one LISTEN connection), for every cache that follows
 * writes: the API's lists, the content app's distributions, access policies in both.
 */
@Global()
@Module({ providers: [TableChanges], exports: [TableChanges] })
export class TableChangesModule {}
