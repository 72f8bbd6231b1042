import { fork, type ChildProcess } from 'node:child_process';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { TaskQueue } from '@pulp/tasking';
import { WORKER_OPTIONS, type WorkerOptions } from './worker.constants';

interface Running {
  taskId: string;
  canceled: boolean;
  done: (normally: boolean) => void;
}

/**
 * The worker's task process: a long-lived child that runs this worker's tasks one after another,
 * so that a crash, an out-of-memory or an endless loop in a task costs that task, not the worker.
 * Canceling a running task kills the child (a task that never yields stops all the same, and its
 * open transaction is rolled back by PostgreSQL); a dead child is replaced before the next task.
 */
@Injectable()
export class TaskProcess {
  private readonly logger = new Logger('worker');
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private running: Running | undefined;

  constructor(
    private readonly queue: TaskQueue,
    @Inject(WORKER_OPTIONS) private readonly options: WorkerOptions,
  ) {}

  /**
   * Runs the claimed task; resolves when it has ended: true when the task process finished it (and
   * gave it back), false otherwise: canceled before or while it ran, or the process died or was
   * killed (the task is then settled here).
   */
  async run(taskId: string, appStatusId: string): Promise<boolean> {
    await this.start();
    return new Promise<boolean>((done) => {
      this.running = { taskId, canceled: false, done };
      this.child!.send({ run: taskId, appStatusId });
    });
  }

  /** Stops the task if it runs here: the child is killed and the task settled as canceled. */
  cancel(taskId: string): void {
    if (this.running?.taskId === taskId) {
      this.running.canceled = true;
      this.child?.kill('SIGKILL');
    }
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

  private start(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const child = fork(this.options.taskProcessScript, [], { stdio: 'inherit' });
      this.child = child;
      child.on('message', (message: { ready?: true; done?: string; finished?: boolean }) => {
        if (message.ready) {
          resolve();
        } else if (message.done && this.running?.taskId === message.done) {
          this.finishRunning(message.finished === true);
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

  private async onExit(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const running = this.running;
    if (!running) {
      return;
    }
    try {
      if (running.canceled) {
        await this.queue.settleAbandoned(running.taskId, 'canceled');
      } else {
        const reason = signal ? `Killed by signal ${signal}.` : `Task process died unexpectedly with exitcode ${code}.`;
        this.logger.warn(`Task ${running.taskId}: ${reason}`);
        await this.queue.settleAbandoned(running.taskId, 'failed', reason);
      }
    } catch (error) {
      this.logger.warn(`Could not settle task ${running.taskId}: ${(error as Error).message}`);
    }
    this.finishRunning(false);
  }

  private finishRunning(normally: boolean): void {
    const running = this.running;
    this.running = undefined;
    running?.done(normally);
  }
}
