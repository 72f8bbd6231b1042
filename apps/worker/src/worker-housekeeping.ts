import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PulpSettings } from '@pulp/config';
import { AppStatusService } from '@pulp/core';
import { systemSchedules, TaskQueue } from '@pulp/tasking';

/**
 * At start, every worker brings the built-in task schedules in line with its settings; then, at
 * each heartbeat, beside its own beat (as Pulp's `beat()` does):
 * - delete the status rows of processes missing for longer than their TTL (status already ignores
 *   them); a dead worker's row going frees its tasks' locks, and the task loop then fails those tasks
 *   ("Worker has gone missing.");
 * - offer to dispatch the due task schedules (the queue makes one worker do it, once per period).
 * Any worker may do both; neither needs a leader.
 */
@Injectable()
export class WorkerHousekeeping implements OnApplicationBootstrap {
  private readonly logger = new Logger('worker');
  private running = false;

  constructor(
    private readonly appStatus: AppStatusService,
    private readonly scheduler: SchedulerRegistry,
    private readonly queue: TaskQueue,
    private readonly settings: PulpSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.attempt('update the built-in task schedules', () =>
      this.queue.syncSystemSchedules(systemSchedules(this.settings)),
    );
    const period = this.appStatus.identity.heartbeatSeconds * 1000;
    this.scheduler.addInterval(
      WorkerHousekeeping.name,
      setInterval(() => void this.run(), period),
    );
  }

  private async run(): Promise<void> {
    // A beat that outlasts the period (a slow database) must not pile up connections behind it.
    if (this.running) {
      return;
    }
    this.running = true;
    try {
      await this.housekeep();
    } finally {
      this.running = false;
    }
  }

  private async housekeep(): Promise<void> {
    await this.attempt('clean missing app statuses', async () => {
      const removed = await this.appStatus.removeMissing(['api', 'content', 'worker']);
      for (const name of removed) {
        this.logger.log(`Cleanup record of missing process ${name}.`);
      }
      if (removed.length > 0) {
        await this.queue.wakeWorkers();
      }
    });
    await this.attempt('dispatch scheduled tasks', () => this.queue.dispatchDueSchedules());
  }

  private async attempt(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`Could not ${what}: ${(error as Error).message}`);
    }
  }
}
