import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PulpSettings } from '@pulp/config';
import { AppStatusService } from '@pulp/core';
import { ReconnectingListener } from '@pulp/database';
import { CANCEL_CHANNEL, TaskQueue, WAKEUP_CHANNEL } from '@pulp/tasking';
import { TaskProcess } from './task-process';

/**
 * The worker's main loop: run the unblocker when asked, let the task process claim and run ready
 * tasks until none is left, then sleep on LISTEN until NOTIFY wakes it (or a heartbeat period
 * passes: a slow fallback poll, never a busy one). No worker leads: any may unblock, claim or
 * settle abandoned tasks.
 */
@Injectable()
export class WorkerLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('worker');
  private readonly listener: ReconnectingListener;
  private stopping = false;
  private unblockWanted = true;
  private handleWanted = true;
  private wake: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly queue: TaskQueue,
    private readonly tasks: TaskProcess,
    private readonly appStatus: AppStatusService,
    dataSource: DataSource,
    private readonly settings: PulpSettings,
  ) {
    // Lost (the database restarting), it reconnects by itself; the fallback poll covers the gap, and
    // a reconnection looks again at once for whatever was notified meanwhile.
    this.listener = new ReconnectingListener(
      dataSource,
      { applicationName: 'pulp-worker-listen', purpose: 'task notifications' },
      [WAKEUP_CHANNEL, CANCEL_CHANNEL],
      {
        notification: ({ channel, payload }) => this.notified(channel, payload),
        listening: () => {
          this.unblockWanted = true;
          this.wake?.();
        },
        lost: () => undefined,
      },
      this.logger,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.appStatus.onDeclaredMissing((previous) => {
      // Its task was failed by others and may run again elsewhere: whatever it still does must stop now.
      this.logger.warn(`Worker ${previous} was declared missing: its task process is stopped`);
      this.tasks.abort();
      this.handleWanted = true;
      this.wake?.();
    });
    await this.listener.start();
    this.loop = this.run();
  }

  /** Graceful stop: the current task may finish within TASK_GRACE_INTERVAL, then it is aborted. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.tasks.finishCurrent();
    this.wake?.();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      this.loop,
      new Promise<void>((resolve) => {
        grace = setTimeout(() => {
          this.logger.warn('The running task did not finish within TASK_GRACE_INTERVAL: aborting it');
          this.tasks.abort();
          resolve();
        }, this.settings.TASK_GRACE_INTERVAL * 1000);
      }),
    ]);
    clearTimeout(grace);
    await this.loop;
    await this.tasks.stop();
    await this.listener.stop();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.unblockWanted) {
          this.unblockWanted = false;
          await this.queue.unblock();
        }
        this.handleWanted = false;
        await this.tasks.drain({ appStatusId: this.appStatus.id, name: this.appStatus.name });
      } catch (error) {
        this.logger.warn(`Worker loop: ${(error as Error).message}`);
      }
      if (!this.unblockWanted && !this.handleWanted && !this.stopping) {
        await this.sleep(this.appStatus.identity.heartbeatSeconds * 1000);
      }
    }
  }

  /** Waits for a notification or `ms`; a timeout counts as a request to look again (the fallback poll). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.unblockWanted = true;
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private notified(channel: string, payload: string | undefined): void {
    if (channel === CANCEL_CHANNEL && payload) {
      this.tasks.cancel(payload).catch((error: Error) => this.logger.warn(`Cancel of ${payload}: ${error.message}`));
    } else if (payload === 'unblock') {
      this.unblockWanted = true;
    } else {
      this.handleWanted = true;
    }
    this.wake?.();
  }
}
