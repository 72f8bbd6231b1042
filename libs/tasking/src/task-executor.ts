import { Inject, Injectable, Logger } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { PulpError } from '@pulp/errors';
import { inDomain } from '@pulp/domains/domain-context';
import { setProcessCorrelationId } from '@pulp/logging';
import { databasePulpError, PG_POOL, sqlOf, type PgPoolLike, type Sql } from '@pulp/database';
import { createdObject, creationHooksSql } from '@pulp/rbac';
import type { ProgressReporter, TaskContext } from './task-context';
import { runFenced, TaskFencedError } from './task-fence';
import { TaskHandlerRegistry } from './task-handler.registry';
import { TaskQueue, type ClaimedTask, type TaskError } from './task-queue';
import {
  endTaskSpan,
  recordTaskRun,
  recordTaskWait,
  startTaskSpan,
  withSpan,
  type TaskOutcome,
} from './task-telemetry';

/** The worker a task process runs tasks for: its app status (which holds the tasks) and its name. */
export interface TaskWorker {
  appStatusId: string;
  name: string;
}

/**
 * The worker's task runner (in its task process): claims ready tasks for the worker and runs them
 * one after another, each under its correlation id, ending completed with its result or failed
 * with its error; canceling and abandoned tasks it claims are settled.
 */
@Injectable()
export class TaskExecutor {
  private readonly logger = new Logger('tasking');
  private readonly sql: Sql;

  constructor(
    private readonly queue: TaskQueue,
    private readonly registry: TaskHandlerRegistry,
    private readonly settings: PulpSettings,
    @Inject(PG_POOL) pool: PgPoolLike,
  ) {
    this.sql = sqlOf(pool);
  }

  /**
   * Claims and handles ready tasks for `worker` until none is left or `shouldStop()` (the worker is
   * shutting down), or a task was fenced off: this worker may have been declared missing, and
   * claims no more under that status (its worker re-registers, see AppStatusService).
   */
  async drain(worker: TaskWorker, shouldStop: () => boolean): Promise<void> {
    while (!shouldStop()) {
      const task = await this.queue.claim(worker.appStatusId);
      if (!task || (await this.handle(task, worker)) === 'fenced') {
        return;
      }
    }
  }

  private async handle(task: ClaimedTask, worker: TaskWorker): Promise<'fenced' | undefined> {
    const { appStatusId } = worker;
    // True once the task ended here: `finish` then also gave it back and woke the unblocker.
    let ended: boolean | 'fenced' = false;
    try {
      if (task.state === 'waiting') {
        ended = await this.execute(task, worker);
        if (ended !== true) {
          // Canceled while it ran, too late to be killed.
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
      if (ended !== true) {
        await this.queue.release(task.id, appStatusId);
        await this.queue.wakeUnblocker();
      }
    }
    return ended === 'fenced' ? ended : undefined;
  }

  /**
   * Runs a started task's handler, fenced (`runFenced`: each of its writes commits only while the
   * task runs for this worker); true when the task ended here (completed or failed), 'fenced' when a
   * write was refused and the task was not ours to end any more. Its log lines carry its
   * correlation id: the task process runs one task at a time, so a process-wide id does. Its span
   * (parented on its dispatcher's) is active while the handler runs, and ends with the task.
   */
  private async execute(task: ClaimedTask, { appStatusId, name }: TaskWorker): Promise<boolean | 'fenced'> {
    const taskId = task.id;
    setProcessCorrelationId(task.loggingCid || taskId.replaceAll('-', ''));
    if (task.waitSeconds !== null) {
      recordTaskWait(task.name, task.waitSeconds);
    }
    const span = startTaskSpan(task, name);
    const started = process.hrtime.bigint();
    let ended: boolean | 'fenced' = false;
    let failure: TaskError | undefined;
    // Whether the outcome reached the task row: if recording it throws, the run failed.
    let recorded = false;
    this.logger.log(`Starting task id: ${taskId} and name: ${task.name}`);
    try {
      const handler = this.registry.get(task.name);
      if (!handler) {
        throw new PulpError('internal', 'PLP0006', `This worker has no handler for task ${task.name}`);
      }
      const result = await withSpan(span, () =>
        runFenced({ taskId, appStatusId }, () => inDomain(task.domain, () => handler(this.context(taskId, task)))),
      );
      this.logger.log(`Task completed ${taskId} execution_time: ${(process.hrtime.bigint() - started) / 1000n} μs`);
      ended = await this.queue.finish(taskId, appStatusId, { result });
      recorded = true;
    } catch (error) {
      failure = this.describe(error);
      this.logger.warn(`Task[${task.name}] ${taskId} failed (${(error as Error).name}: ${(error as Error).message})`);
      const finished = await this.queue.finish(taskId, appStatusId, { error: failure });
      ended = !finished && error instanceof TaskFencedError ? 'fenced' : finished;
      recorded = true;
    } finally {
      setProcessCorrelationId(undefined);
      const outcome = recorded ? executedOutcome(ended, failure) : 'failed';
      recordTaskRun(task.name, outcome, Number(process.hrtime.bigint() - started) / 1e9);
      endTaskSpan(span, outcome, failure && 'description' in failure ? failure.description : undefined);
    }
    return ended;
  }

  /** Pulp's task error body; with REDACT_UNSAFE_EXCEPTIONS only our own errors show their details. */
  private describe(thrown: unknown): TaskError {
    const error = databasePulpError(thrown) ?? thrown;
    if (!(error instanceof PulpError) && this.settings.REDACT_UNSAFE_EXCEPTIONS) {
      return { description: '[PLP0000] An internal error occurred.', traceback: null };
    }
    const description = error instanceof Error ? error.message : String(error);
    const traceback = error instanceof Error ? (error.stack ?? null) : null;
    return error instanceof PulpError ? { description, traceback, error_code: error.code } : { description, traceback };
  }

  private context(taskId: string, task: ClaimedTask): TaskContext {
    const { sql } = this;
    return {
      taskId,
      name: task.name,
      ...this.queue.taskArguments(task),
      sql,
      transaction: (work) => this.queue.transaction(work),
      async progress({ message, code, total, suffix }): Promise<ProgressReporter> {
        const [{ pulp_id: id }] = await sql<{ pulp_id: string }>(
          `INSERT INTO core_progressreport (message, code, state, total, done, suffix, task_id)
           VALUES ($1, $2, 'running', $3, 0, $4, $5) RETURNING pulp_id`,
          [message, code, total ?? null, suffix ?? null, taskId],
        );
        return {
          increment: async (by = 1) => {
            await sql('UPDATE core_progressreport SET done = done + $2, pulp_last_updated = now() WHERE pulp_id = $1', [
              id,
              by,
            ]);
          },
          addToTotal: async (by) => {
            await sql(
              'UPDATE core_progressreport SET total = coalesce(total, 0) + $2, pulp_last_updated = now() WHERE pulp_id = $1',
              [id, by],
            );
          },
        };
      },
      async groupProgress(code, by = 1) {
        await sql(
          `UPDATE core_groupprogressreport r SET done = done + $3, pulp_last_updated = now()
             FROM core_task t WHERE t.pulp_id = $1 AND r.task_group_id = t.task_group_id AND r.code = $2`,
          [taskId, code, by],
        );
      },
      async createdResource(prn, apiPath) {
        const created = createdObject(prn, apiPath);
        // The object's creation hooks run for the task's creator, as Pulp's do for the task's user.
        await sql(
          `WITH recorded AS (INSERT INTO core_createdresource (task_id, prn, api_path) VALUES ($1, $2, $3))
           SELECT ${created ? creationHooksSql('$4', '$5', '$6', 't.created_by_id') : 'NULL'}
             FROM core_task t WHERE t.pulp_id = $1`,
          [taskId, prn, apiPath, ...(created ? [created.viewset, created.contentType, created.objectId] : [])],
        );
      },
    };
  }
}

/**
 * How an executed task ended: as its handler did when `finish` ended it; canceled when it was
 * canceled meanwhile (`finish` found it canceling; `handle` settles it); failed when fenced off
 * (its worker was declared missing, and the others failed it).
 */
function executedOutcome(ended: boolean | 'fenced', failure: TaskError | undefined): TaskOutcome {
  if (ended === true) {
    return failure === undefined ? 'completed' : 'failed';
  }
  return ended === 'fenced' ? 'failed' : 'canceled';
}
