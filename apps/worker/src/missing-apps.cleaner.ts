import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppStatusService } from '@pulp/core';
import { TaskQueue } from '@pulp/tasking';

/**
 * Workers tidy core_appstatus: rows of processes that stopped heartbeating more than their TTL ago
 * are deleted (status already ignores them). Any worker may do it; the DELETE is idempotent.
 * Deleting a dead worker's row frees its tasks' locks; the task loop then fails them ("Worker has gone missing.").
 */
@Injectable()
export class MissingAppsCleaner implements OnApplicationBootstrap {
  private readonly logger = new Logger(MissingAppsCleaner.name);

  constructor(
    private readonly appStatus: AppStatusService,
    private readonly scheduler: SchedulerRegistry,
    private readonly queue: TaskQueue,
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
      const removed = await this.appStatus.removeMissing(['api', 'content', 'worker']);
      for (const name of removed) {
        this.logger.log(`Cleanup record of missing process ${name}.`);
      }
      if (removed.length > 0) {
        // Their tasks lost their lock (ON DELETE SET NULL): a worker claims and settles them.
        await this.queue.wakeWorkers();
      }
    } catch (error) {
      this.logger.warn(`Could not clean missing app statuses: ${(error as Error).message}`);
    }
  }
}
