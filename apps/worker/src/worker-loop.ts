import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PulpSettings } from '@pulp/config';
import { AppStatusService } from '@pulp/core';
import { CANCEL_CHANNEL, TaskQueue, WAKEUP_CHANNEL, type ClaimedTask } from '@pulp/tasking';
import { TaskProcess } from './task-process';

/**
 * The worker's main loop: run the unblocker when asked, claim ready tasks one at a time and run
 * them, then sleep on LISTEN until NOTIFY wakes it (or a heartbeat period passes: a slow fallback
 * poll, never a busy one). No worker leads: any may unblock, claim or settle abandoned tasks.
 */
@Injectable()
export class WorkerLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('worker');
  private listener: Client | undefined;
  private stopping = false;
  private unblockWanted = true;
  private handleWanted = true;
  private wake: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly queue: TaskQueue,
    private readonly tasks: TaskProcess,
    private readonly appStatus: AppStatusService,
    private readonly dataSource: DataSource,
    private readonly settings: PulpSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.loop = this.run();
  }

  /** Graceful stop: the current task may finish within TASK_GRACE_INTERVAL, then it is aborted. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
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
    await this.listener?.end().catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.unblockWanted) {
          this.unblockWanted = false;
          await this.queue.unblock();
        }
        this.handleWanted = false;
        for (let task = await this.claim(); task && !this.stopping; task = await this.claim()) {
          await this.handle(task);
        }
      } catch (error) {
        this.logger.warn(`Worker loop: ${(error as Error).message}`);
      }
      if (!this.unblockWanted && !this.handleWanted && !this.stopping) {
        await this.sleep(this.appStatus.identity.heartbeatSeconds * 1000);
      }
    }
  }

  private claim(): Promise<ClaimedTask | undefined> {
    return this.stopping ? Promise.resolve(undefined) : this.queue.claim(this.appStatus.id);
  }

  private async handle(task: ClaimedTask): Promise<void> {
    // True once the task process ended the task: it then also gave the task back and woke the unblocker.
    let finished = false;
    try {
      if (task.state === 'waiting') {
        finished = await this.tasks.run(task.id, this.appStatus.id);
        if (!finished) {
          // Canceled before it started or before it could complete.
          await this.queue.settleAbandoned(task.id, 'canceled', undefined, ['canceling']);
        }
      } else if (task.state === 'canceling') {
        await this.queue.settleAbandoned(task.id, 'canceled');
      } else if (task.state === 'running') {
        // Claimable while running means its worker's status row is gone: the worker died.
        this.logger.warn(`Task ${task.id} was left running by a worker that has gone missing`);
        await this.queue.settleAbandoned(task.id, 'failed', 'Worker has gone missing.');
      }
    } finally {
      // Also when the task process could not even start: the task must not stay locked by us.
      if (!finished) {
        await this.queue.release(task.id, this.appStatus.id);
        await this.queue.wakeUnblocker();
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

  /** A connection of its own for LISTEN; it reconnects when lost, and the fallback poll covers the gap. */
  private async listen(): Promise<void> {
    const { host, port, username, password, database } = this.dataSource.options as {
      host: string;
      port: number;
      username: string;
      password?: string;
      database: string;
    };
    const client = new Client({
      host,
      port,
      user: username,
      password,
      database,
      application_name: 'pulp-worker-listen',
    });
    client.on('notification', ({ channel, payload }) => {
      if (channel === CANCEL_CHANNEL && payload) {
        this.tasks.cancel(payload);
      } else if (payload === 'unblock') {
        this.unblockWanted = true;
      } else {
        this.handleWanted = true;
      }
      this.wake?.();
    });
    client.on('error', (error) => this.logger.warn(`LISTEN connection: ${error.message}`));
    client.on('end', () => {
      if (!this.stopping) {
        setTimeout(() => void this.listen().catch(() => undefined), 2000);
      }
    });
    await client.connect();
    await client.query(`LISTEN ${WAKEUP_CHANNEL}`);
    await client.query(`LISTEN ${CANCEL_CHANNEL}`);
    this.listener = client;
  }
}
