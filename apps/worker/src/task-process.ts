import { fork, type ChildProcess } from 'node:child_process';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { endTaskSpan, recordTaskRun, startTaskSpan, TaskQueue, type HeldTask, type TaskWorker } from '@pulp/tasking';
import { WORKER_OPTIONS, type WorkerOptions } from './worker.constants';

/** What the worker tells its task process: claim and run tasks for this worker, or stop claiming. */
export type WorkerMessage = { work: TaskWorker } | { stop: true };

/** What the task process tells its worker: it is ready, or it found nothing more to do. */
export type TaskProcessMessage = { ready: true } | { idle: true };

interface Work extends TaskWorker {
  done: () => void;
}

/**
 * The worker's task process: a long-lived child that claims and runs this worker's tasks one after
 * another (two statements per task, no message to the worker), so that a crash, an
 * out-of-memory or an endless loop in a task costs that task, not the worker. Canceling a running
 * task kills the child (a task that never yields stops all the same, and its open transaction is
 * rolled back by PostgreSQL); whatever the child held is then settled from the database, and a
 * new child is started for the next task.
 */
@Injectable()
export class TaskProcess {
  private readonly logger = new Logger('worker');
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private work: Work | undefined;

  constructor(
    private readonly queue: TaskQueue,
    @Inject(WORKER_OPTIONS) private readonly options: WorkerOptions,
  ) {}

  /**
   * Lets the task process claim and run ready tasks until none is left; resolves then, or once the
   * process died (or was killed to cancel a task) and what it held is settled.
   */
  async drain(worker: TaskWorker): Promise<void> {
    await this.start();
    return new Promise<void>((done) => {
      this.work = { ...worker, done };
      this.send({ work: { appStatusId: worker.appStatusId, name: worker.name } });
    });
  }

  /**
   * Stops the task if it runs here: the process is killed and the task settled as canceled. Which
   * task runs is in the database (the task process holds it under this worker's app status), so
   * asking costs a query per cancel instead of a message per task.
   */
  async cancel(taskId: string): Promise<void> {
    const work = this.work;
    if (work && (await this.queue.heldBy(work.appStatusId)).some((task) => task.id === taskId)) {
      this.child?.kill('SIGKILL');
    }
  }

  /** Lets the current task finish but claims no other (graceful shutdown). */
  finishCurrent(): void {
    this.send({ stop: true });
  }

  /** Kills the current task (at shutdown, after the grace period). */
  abort(): void {
    this.child?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    }
  }

  private send(message: WorkerMessage): void {
    if (this.child?.connected) {
      this.child.send(message);
    }
  }

  private start(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const child = fork(this.options.taskProcessScript, [], { stdio: 'inherit' });
      this.child = child;
      child.on('message', (message: TaskProcessMessage) => {
        if ('ready' in message) {
          resolve();
        } else {
          this.finishWork();
        }
      });
      child.once('exit', (code, signal) => {
        if (this.child === child) {
          this.child = undefined;
          this.ready = undefined;
        }
        reject(new Error(`The task process exited before it was ready (${signal ?? `code ${code}`})`));
        void this.onExit(code, signal);
      });
    });
    return this.ready;
  }

  /**
   * The process is gone: the tasks it held end canceled when a cancel was asked (they are canceling),
   * failed otherwise, and are given back so that the tasks behind them can run.
   */
  private async onExit(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const work = this.work;
    if (!work) {
      return;
    }
    try {
      for (const task of await this.queue.heldBy(work.appStatusId)) {
        if (task.state === 'canceling') {
          await this.queue.settleAbandoned(task.id, 'canceled');
          this.traceKilled(task, work.name, 'canceled');
        } else {
          const reason = signal
            ? `Killed by signal ${signal}.`
            : `Task process died unexpectedly with exitcode ${code}.`;
          this.logger.warn(`Task ${task.id}: ${reason}`);
          await this.queue.settleAbandoned(task.id, 'failed', reason);
          this.traceKilled(task, work.name, 'failed', reason);
        }
        await this.queue.release(task.id, work.appStatusId);
      }
      await this.queue.wakeUnblocker();
    } catch (error) {
      this.logger.warn(`Could not settle the tasks of the task process: ${(error as Error).message}`);
    }
    this.finishWork();
  }

  /**
   * The span and run time of a task whose process died with it: the span the process had open is
   * lost with the process (never exported, nothing left open), so the worker records one in its
   * place, from the task's start to now, with the same parent.
   */
  private traceKilled(task: HeldTask, workerName: string, outcome: 'canceled' | 'failed', reason?: string): void {
    const startedAt = task.startedAt ?? new Date();
    recordTaskRun(task.name, outcome, (Date.now() - startedAt.getTime()) / 1000);
    endTaskSpan(startTaskSpan(task, workerName, startedAt), outcome, reason);
  }

  private finishWork(): void {
    const work = this.work;
    this.work = undefined;
    work?.done();
  }
}
