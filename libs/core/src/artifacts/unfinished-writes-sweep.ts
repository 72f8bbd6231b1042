import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { databaseOf, PG_POOL, type PgPoolLike } from '@pulp/database';
import { DomainStorages } from '@pulp/domains';
import { sweepUnfinishedWrites } from './unfinished-writes';

/** Sweeps when a task process starts: the one before it may have been killed to cancel a task. */
@Injectable()
export class UnfinishedWritesSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger('tasking');

  constructor(
    @Inject(PG_POOL) private readonly pool: PgPoolLike,
    private readonly storages: DomainStorages,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the process is ready to run tasks meanwhile.
    sweepUnfinishedWrites(databaseOf(this.pool), this.storages, this.logger).then(
      (removed) => removed > 0 && this.logger.log(`Removed ${removed} files left in storage by killed tasks`),
      (error: unknown) => this.logger.warn(`Sweeping files left by killed tasks failed: ${String(error)}`),
    );
  }
}
