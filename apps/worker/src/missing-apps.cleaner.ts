import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppStatusService } from '@pulp/core';

/**
 * Workers tidy core_appstatus: rows of processes that stopped heartbeating more than their TTL ago
 * are deleted (status already ignores them). Any worker may do it; the DELETE is idempotent.
 * The tasking system hooks in here to fail a dead worker's task before its row goes.
 */
@Injectable()
export class MissingAppsCleaner implements OnApplicationBootstrap {
  private readonly logger = new Logger(MissingAppsCleaner.name);

  constructor(
    private readonly appStatus: AppStatusService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const period = this.appStatus.identity.heartbeatSeconds * 1000;
    this.scheduler.addInterval(
      MissingAppsCleaner.name,
      setInterval(() => void this.clean(), period),
    );
  }

  async clean(): Promise<void> {
    try {
      for (const name of await this.appStatus.removeMissing(['api', 'content', 'worker'])) {
        this.logger.log(`Removed the status of ${name}, which stopped heartbeating`);
      }
    } catch (error) {
      this.logger.warn(`Could not clean missing app statuses: ${(error as Error).message}`);
    }
  }
}
