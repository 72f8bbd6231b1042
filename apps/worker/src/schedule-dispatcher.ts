import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppStatusService } from '@pulp/core';
import { TaskQueue } from '@pulp/tasking';

/**
 * Every heartbeat, each worker offers to dispatch the due task schedules (core_taskschedule);
 * the queue makes sure one of them does it, once per period.
 */
@Injectable()
export class ScheduleDispatcher implements OnApplicationBootstrap {
  private readonly logger = new Logger('worker');

  constructor(
    private readonly queue: TaskQueue,
    private readonly appStatus: AppStatusService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const period = this.appStatus.identity.heartbeatSeconds * 1000;
    this.scheduler.addInterval(
      ScheduleDispatcher.name,
      setInterval(() => void this.dispatch(), period),
    );
  }

  private async dispatch(): Promise<void> {
    try {
      await this.queue.dispatchDueSchedules();
    } catch (error) {
      this.logger.warn(`Could not dispatch scheduled tasks: ${(error as Error).message}`);
    }
  }
}
