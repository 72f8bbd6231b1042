import type { DatabaseEncryption, EncryptedColumns } from '@pulp/database/encryption';
import { currentDomain, type DomainRef } from '@pulp/domains/domain-context';
import { currentCorrelationId } from '@pulp/logging';
import { creationHooksSql } from '@pulp/rbac/creation-hooks';
import { reservedResources, tasksToUnblock } from './resources';
import type { SystemSchedule } from './system-schedules';
import { dispatchTraceContext } from './task-telemetry';
import { inTransaction, prepared, sqlOf, type PgPoolLike, type Sql } from '@pulp/database/sql';
import {
  CANCEL_CHANNEL,
  INCOMPLETE_STATES,
  TASK_SCHEDULING_LOCK,
  TASK_UNBLOCKING_LOCK,
  WAKEUP_CHANNEL,
  type TaskState,
} from './task-states';

export interface DispatchOptions {
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  exclusiveResources?: readonly string[];
  sharedResources?: readonly string[];
  taskGroupId?: string | null;
  parentTaskId?: string | null;
  createdById?: number | null;
  /** Pulp's `versions`: minimum component versions a worker needs. */
  versions?: Record<string, string>;
  immediate?: boolean;
  deferred?: boolean;
}

/** A task a worker took: `state` is the one it had (a waiting one is now running, for this worker). */
export interface ClaimedTask {
  id: string;
  name: string;
  state: TaskState;
  resources: string[];
  /** The encrypted arguments, Fernet tokens of their JSON (`taskArguments` opens them); null when none. */
  encArgs: string | null;
  encKwargs: string | null;
  loggingCid: string;
  /** The dispatcher's W3C trace context (`core_task.trace_context`), as stored; null without telemetry. */
  traceContext: unknown;
  /** The domain it was dispatched in, which it works in. */
  domain: DomainRef;
  /** Seconds from its dispatch to its start (by this claim); null when it had started before. */
  waitSeconds: number | null;
}

/** A task a worker holds unfinished (see `heldBy`). */
export interface HeldTask {
  id: string;
  name: string;
  state: TaskState;
  loggingCid: string;
  traceContext: unknown;
  startedAt: Date | null;
}

/** The error a failed task records: `{description, traceback}` as Pulp's tasks do, or `{reason}`. */
export type TaskError = { description: string; traceback: string | null; error_code?: string } | { reason: string };

const INCOMPLETE = "('waiting', 'running', 'canceling')";

/** Where a task's arguments are kept, Fernet tokens of their JSON (Pulp's EncryptedJSONField). */
export const TASK_ARGUMENTS: EncryptedColumns = { table: 'core_task', columns: ['enc_args', 'enc_kwargs'] };

/**
 * The task queue in PostgreSQL, as Pulp's pulpcore worker type keeps it: rows in core_task, readiness
 * decided by the unblocker (`unblocked_at`), ownership by `app_lock_id` (an app status row),
 * wake-ups over LISTEN/NOTIFY. Every state change is conditional on the state (and lock) expected,
 * so racing processes cannot run a task twice or move it backwards.
 */
export class TaskQueue {
  private readonly sql;
  private defaultDomain: { id: string } | undefined;

  /** Task arguments are stored encrypted under the site's DB_ENCRYPTION_KEY file (`encryption`). */
  constructor(
    private readonly pool: PgPoolLike,
    private readonly encryption: Pick<DatabaseEncryption, 'encrypt' | 'decrypt'>,
  ) {
    this.sql = sqlOf(pool);
  }

  /**
   * Writes a waiting task and wakes the workers. The database stamps its creation time (FIFO per
   * resource) and marks it ready at once when nothing earlier conflicts; otherwise the unblocker is asked.
   * The arguments are stored encrypted (`enc_args`, `enc_kwargs`): they may carry secrets. The
   * tasks policy's creation hooks run in the same statement (its dispatcher owns the task).
   */
  async dispatch(
    name: string,
    options: DispatchOptions = {},
    sql: Sql = this.sql,
  ): Promise<{ id: string; pulpCreated: Date }> {
    if (options.deferred === false && !options.immediate) {
      throw new Error('A task must be deferred, immediate or both');
    }
    const domain = await this.domain(sql);
    const record = reservedResources(
      options.exclusiveResources ?? [],
      options.sharedResources ?? [],
      `prn:core.domain:${domain.id}`,
    );
    const [task] = await sql<{ pulp_id: string; pulp_created: Date }>(
      `WITH task AS (
         INSERT INTO core_task (state, name, logging_cid, enc_args, enc_kwargs, reserved_resources_record,
                                pulp_domain_id, versions, immediate, deferred, task_group_id, parent_task_id, created_by_id,
                                trace_context)
         VALUES ('waiting', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING pulp_id, pulp_created, unblocked_at
       ) SELECT pulp_id, pulp_created,
                pg_notify('${WAKEUP_CHANNEL}', CASE WHEN unblocked_at IS NULL THEN 'unblock' ELSE 'handle' END),
                ${creationHooksSql("'tasks'", "'core.task'", 'pulp_id::text', '$12')}
           FROM task`,
      [
        name,
        currentCorrelationId() ?? '',
        this.encryption.encrypt(JSON.stringify(options.args ?? [])),
        this.encryption.encrypt(JSON.stringify(options.kwargs ?? {})),
        record,
        domain.id,
        JSON.stringify(options.versions ?? {}),
        options.immediate ?? false,
        options.deferred ?? true,
        options.taskGroupId ?? null,
        options.parentTaskId ?? null,
        options.createdById ?? null,
        dispatchTraceContext(),
      ],
    );
    return { id: task.pulp_id, pulpCreated: task.pulp_created };
  }

  /**
   * Makes the built-in schedules what the settings say: an enabled one is created (first run one
   * interval from now) or has its interval and task updated; a disabled one is deleted.
   */
  async syncSystemSchedules(schedules: readonly SystemSchedule[]): Promise<void> {
    const domain = await this.domain(this.sql);
    for (const schedule of schedules) {
      if (schedule.intervalMinutes > 0) {
        await this.sql(
          `INSERT INTO core_taskschedule (pulp_id, name, task_name, task_kwargs, dispatch_interval, next_dispatch, pulp_domain_id)
           VALUES (pulp_uuid7(), $1, $2, $3, make_interval(secs => $4::float8 * 60), now() + make_interval(secs => $4::float8 * 60), $5)
           ON CONFLICT (name, pulp_domain_id) DO UPDATE
             SET task_name = excluded.task_name, task_kwargs = excluded.task_kwargs,
                 dispatch_interval = excluded.dispatch_interval, pulp_last_updated = now()
           WHERE (core_taskschedule.task_name, core_taskschedule.task_kwargs, core_taskschedule.dispatch_interval)
                 IS DISTINCT FROM (excluded.task_name, excluded.task_kwargs, excluded.dispatch_interval)`,
          [schedule.name, schedule.taskName, JSON.stringify(schedule.kwargs), schedule.intervalMinutes, domain.id],
        );
      } else {
        await this.sql('DELETE FROM core_taskschedule WHERE name = $1 AND pulp_domain_id = $2', [
          schedule.name,
          domain.id,
        ]);
      }
    }
  }

  /**
   * Dispatches the tasks of due schedules, once per period however many workers call this: one
   * process at a time (advisory lock), and `next_dispatch` moves past now in the same transaction.
   * A schedule whose last task has not finished is skipped (runs never overlap); after an outage,
   * an overdue schedule runs once. Returns how many tasks were dispatched.
   */
  async dispatchDueSchedules(): Promise<number> {
    return this.transaction(async (sql) => {
      const [{ locked }] = await sql<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(0, $1) AS locked', [
        TASK_SCHEDULING_LOCK,
      ]);
      if (!locked) {
        return 0;
      }
      const due = await sql<{
        pulp_id: string;
        task_name: string;
        task_args: unknown[];
        task_kwargs: Record<string, unknown>;
      }>(
        `SELECT s.pulp_id, s.task_name, s.task_args, s.task_kwargs FROM core_taskschedule s
           LEFT JOIN core_task t ON t.pulp_id = s.last_task_id
          WHERE s.next_dispatch <= now() AND (t.pulp_id IS NULL OR t.state NOT IN ${INCOMPLETE})
          FOR UPDATE OF s`,
      );
      for (const schedule of due) {
        const { id } = await this.dispatch(
          schedule.task_name,
          { args: schedule.task_args, kwargs: schedule.task_kwargs },
          sql,
        );
        await sql(
          `UPDATE core_taskschedule SET last_task_id = $2, pulp_last_updated = now(),
                  next_dispatch = CASE WHEN dispatch_interval IS NULL THEN NULL ELSE next_dispatch + dispatch_interval *
                    (floor(extract(epoch FROM now() - next_dispatch) / extract(epoch FROM dispatch_interval)) + 1) END
            WHERE pulp_id = $1`,
          [schedule.pulp_id, id],
        );
      }
      return due.length;
    });
  }

  /**
   * Marks the waiting tasks that may start now (and canceling ones) as unblocked, in one transaction
   * held by one process at a time (advisory lock). Returns null when another process is doing it,
   * else whether unclaimed ready tasks exist (the workers are told so with NOTIFY 'handle').
   */
  async unblock(): Promise<boolean | null> {
    return this.transaction(async (sql) => {
      const [{ locked }] = await sql<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(0, $1) AS locked', [
        TASK_UNBLOCKING_LOCK,
      ]);
      if (!locked) {
        return null;
      }
      const queue = await sql<{ id: string; state: string; unblocked: boolean; resources: string[] }>(
        `SELECT pulp_id AS id, state, unblocked_at IS NOT NULL AS unblocked, reserved_resources_record AS resources
           FROM core_task WHERE state IN ${INCOMPLETE} ORDER BY pulp_created`,
      );
      const ready = tasksToUnblock(queue);
      if (ready.length > 0) {
        await sql('UPDATE core_task SET unblocked_at = now() WHERE pulp_id = ANY($1) AND unblocked_at IS NULL', [
          ready,
        ]);
      }
      const [{ waiting }] = await sql<{ waiting: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM core_task WHERE state IN ('waiting', 'canceling')
                          AND unblocked_at IS NOT NULL AND app_lock_id IS NULL) AS waiting`,
      );
      if (waiting) {
        await sql(`SELECT pg_notify('${WAKEUP_CHANNEL}', 'handle')`);
      }
      return waiting;
    });
  }

  /** Runs `work` in one transaction on one connection of the pool. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  /**
   * Takes one ready task for `appStatusId`: immediate ones first, then the oldest. A waiting task is
   * started in the same statement (running, `started_at`), so running a task costs two statements,
   * this one and `finish`; a canceling or abandoned running one is returned as it was, to be settled.
   * Racing workers skip each other's locked rows (SKIP LOCKED), and the partial index of ready tasks,
   * in this order, keeps a claim as cheap with 100,000 tasks queued as with none. Its arguments come
   * still encrypted (`taskArguments` opens them), so only a task that runs needs the key.
   */
  async claim(appStatusId: string): Promise<ClaimedTask | undefined> {
    const [task] = await prepared<ClaimedTask>(this.pool, {
      name: 'pulp-task-claim',
      text: `WITH picked AS (
         SELECT pulp_id, state FROM core_task
          WHERE state IN ${INCOMPLETE} AND unblocked_at IS NOT NULL AND app_lock_id IS NULL
          ORDER BY immediate DESC, pulp_created
          LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE core_task t
          SET app_lock_id = $1,
              state = CASE WHEN picked.state = 'waiting' THEN 'running' ELSE t.state END,
              started_at = CASE WHEN picked.state = 'waiting' THEN now() ELSE t.started_at END,
              pulp_last_updated = now()
         FROM picked WHERE t.pulp_id = picked.pulp_id
       RETURNING t.pulp_id AS id, t.name, picked.state, t.reserved_resources_record AS resources,
                 t.enc_args AS "encArgs", t.enc_kwargs AS "encKwargs", t.logging_cid AS "loggingCid",
                 t.trace_context AS "traceContext",
                 json_build_object('id', t.pulp_domain_id,
                                   'name', (SELECT d.name FROM core_domain d WHERE d.pulp_id = t.pulp_domain_id)) AS domain,
                 CASE WHEN picked.state = 'waiting' THEN extract(epoch FROM t.started_at - t.pulp_created)::float8 END
                   AS "waitSeconds"`,
      values: [appStatusId],
    });
    return task;
  }

  /**
   * A claimed task's arguments, decrypted (none: a row from before arguments were stored that had
   * none). Throws when no key of the file opens them (the file lacks the key they were encrypted
   * under, or the value was altered): the task then fails rather than running with garbage.
   */
  taskArguments(task: ClaimedTask): { args: unknown[]; kwargs: Record<string, unknown> } {
    return {
      args: task.encArgs === null ? [] : (JSON.parse(this.encryption.decrypt(task.encArgs)) as unknown[]),
      kwargs:
        task.encKwargs === null ? {} : (JSON.parse(this.encryption.decrypt(task.encKwargs)) as Record<string, unknown>),
    };
  }

  /** The tasks `appStatusId` holds unfinished: what its task process was doing when it died. */
  async heldBy(appStatusId: string): Promise<HeldTask[]> {
    return this.sql<HeldTask>(
      `SELECT pulp_id AS id, name, state, logging_cid AS "loggingCid", trace_context AS "traceContext",
              started_at AS "startedAt"
         FROM core_task WHERE app_lock_id = $1 AND state IN ('running', 'canceling')`,
      [appStatusId],
    );
  }

  /** Gives a claimed task back (it is final, or another worker may take it). */
  async release(taskId: string, appStatusId: string): Promise<void> {
    await this.sql('UPDATE core_task SET app_lock_id = NULL WHERE pulp_id = $1 AND app_lock_id = $2', [
      taskId,
      appStatusId,
    ]);
  }

  /**
   * running → completed (or failed) by the lock holder, in one statement that also ends the task's
   * running progress reports, gives the task back (no lock) and wakes the unblocker when some task
   * is still blocked. A task meanwhile canceling stays canceling (its worker settles it).
   */
  async finish(
    taskId: string,
    appStatusId: string,
    outcome: { result: unknown } | { error: TaskError },
  ): Promise<boolean> {
    const [state, result, error] =
      'error' in outcome ? ['failed', null, outcome.error] : ['completed', outcome.result ?? null, null];
    const [{ finished }] = await prepared<{ finished: boolean }>(this.pool, {
      name: 'pulp-task-finish',
      text: `WITH done AS (
         UPDATE core_task SET state = $3, finished_at = now(), pulp_last_updated = now(), result = $4, error = $5,
                              app_lock_id = NULL
          WHERE pulp_id = $1 AND state = 'running' AND app_lock_id = $2 RETURNING pulp_id),
       reports AS (
         UPDATE core_progressreport SET state = $3, pulp_last_updated = now()
          WHERE task_id IN (SELECT pulp_id FROM done) AND state = 'running')
       SELECT EXISTS (SELECT 1 FROM done) AS finished,
              (SELECT pg_notify('${WAKEUP_CHANNEL}', 'unblock')
                WHERE EXISTS (SELECT 1 FROM done)
                  AND EXISTS (SELECT 1 FROM core_task WHERE state IN ('waiting', 'canceling') AND unblocked_at IS NULL))`,
      values: [taskId, appStatusId, state, JSON.stringify(result), error === null ? null : JSON.stringify(error)],
    });
    return finished;
  }

  /**
   * Settles a task nobody is running any more (canceled while waiting, its worker dead, or killed
   * on cancel): it ends `final`, with `reason` when given, and its running progress reports too.
   */
  async settleAbandoned(
    taskId: string,
    final: 'canceled' | 'failed',
    reason?: string,
    from: readonly TaskState[] = INCOMPLETE_STATES,
  ): Promise<void> {
    await this.sql(
      `WITH done AS (
         UPDATE core_task SET state = $2, finished_at = now(), pulp_last_updated = now(), error = $3
          WHERE pulp_id = $1 AND state = ANY($4) RETURNING pulp_id)
       UPDATE core_progressreport SET state = $2, pulp_last_updated = now()
        WHERE task_id IN (SELECT pulp_id FROM done) AND state IN ('running', 'waiting')`,
      // Pulp records `{reason}`; `description` too, which is what clients print for a failed task.
      [taskId, final, reason === undefined ? null : JSON.stringify({ reason, description: reason }), from],
    );
  }

  /**
   * Asks for a task to stop: an incomplete one becomes `canceling` (anyone may do that); its owner is
   * told over NOTIFY, or, when nobody owns it, any worker will settle it. Returns the state after.
   */
  async cancel(taskId: string): Promise<TaskState | undefined> {
    const [task] = await this.cancelWhere('pulp_id = $1', [taskId]);
    return task?.state;
  }

  /**
   * Moves the incomplete tasks among those `condition` selects to `canceling`, and in the same
   * statement tells each one's owner (`pulp_worker_cancel`) or, for unowned ones, the workers (a
   * claim settles them). Returns every selected task's state after.
   */
  private cancelWhere(condition: string, params: unknown[]): Promise<Array<{ state: TaskState }>> {
    return this.sql<{ state: TaskState }>(
      `WITH selected AS (
         UPDATE core_task
            SET state = CASE WHEN state IN ${INCOMPLETE} THEN 'canceling' ELSE state END,
                pulp_last_updated = CASE WHEN state IN ${INCOMPLETE} THEN now() ELSE pulp_last_updated END
          WHERE ${condition} RETURNING pulp_id, state, app_lock_id)
       SELECT state,
              CASE WHEN state <> 'canceling' THEN NULL
                   WHEN app_lock_id IS NOT NULL THEN pg_notify('${CANCEL_CHANNEL}', pulp_id::text)
                   ELSE pg_notify('${WAKEUP_CHANNEL}', 'unblock') END AS notified
         FROM selected`,
      params,
    );
  }

  /**
   * Creates the group that tasks dispatched with its id (`taskGroupId`) belong to, with the group
   * progress reports its tasks count towards (`TaskContext.groupProgress(code)`).
   */
  async createTaskGroup(
    description: string,
    reports: ReadonlyArray<{ message: string; code: string; total?: number; suffix?: string }> = [],
    sql: Sql = this.sql,
  ): Promise<string> {
    const domain = await this.domain(sql);
    const [group] = await sql<{ pulp_id: string }>(
      `WITH grp AS (
         INSERT INTO core_taskgroup (pulp_id, description, pulp_domain_id) VALUES (pulp_uuid7(), $1, $2)
         RETURNING pulp_id),
       reports AS (
         INSERT INTO core_groupprogressreport (message, code, total, suffix, task_group_id)
         SELECT r.message, r.code, coalesce(r.total, 0), r.suffix, grp.pulp_id
           FROM grp, jsonb_to_recordset($3::jsonb) AS r(message text, code text, total int, suffix text))
       SELECT pulp_id FROM grp`,
      [description, domain.id, JSON.stringify(reports)],
    );
    return group.pulp_id;
  }

  /** Marks a group complete: every task it will have is dispatched (`all_tasks_dispatched`). */
  async closeTaskGroup(groupId: string): Promise<void> {
    await this.sql(
      'UPDATE core_taskgroup SET all_tasks_dispatched = true, pulp_last_updated = now() WHERE pulp_id = $1',
      [groupId],
    );
  }

  /**
   * Cancels a group as Pulp does: no more tasks will join it (`all_tasks_dispatched`), and each of
   * its waiting or running tasks is canceled. False when there is no such group.
   */
  async cancelTaskGroup(groupId: string): Promise<boolean> {
    const [group] = await this.sql(
      'UPDATE core_taskgroup SET all_tasks_dispatched = true, pulp_last_updated = now() WHERE pulp_id = $1 RETURNING 1',
      [groupId],
    );
    if (!group) {
      return false;
    }
    await this.cancelWhere("task_group_id = $1 AND state IN ('waiting', 'running')", [groupId]);
    return true;
  }

  /** Deletes a task (the caller checked it is final); its reports and created-resource records go with it. */
  async delete(taskId: string): Promise<void> {
    await this.sql(`DELETE FROM core_task WHERE pulp_id = $1 AND state NOT IN ${INCOMPLETE}`, [taskId]);
  }

  /** Tells the workers resources were freed, when some task is still blocked (so may be ready now). */
  async wakeUnblocker(): Promise<void> {
    await this.sql(
      `SELECT pg_notify('${WAKEUP_CHANNEL}', 'unblock')
        WHERE EXISTS (SELECT 1 FROM core_task WHERE state IN ('waiting', 'canceling') AND unblocked_at IS NULL)`,
    );
  }

  /** Tells the workers ready tasks may be waiting for them (e.g. those of a worker that died). */
  async wakeWorkers(): Promise<void> {
    await this.sql(`SELECT pg_notify('${WAKEUP_CHANNEL}', 'handle')`);
  }

  /**
   * A lock name scoped to the current domain, for work on the domain as a whole that must not
   * overlap itself: `pdrn:<domain uuid>:orphans`, `…:repair`, `…:reclaim_space`.
   */
  async domainResource(name: string): Promise<string> {
    return `pdrn:${(await this.domain(this.sql)).id}:${name}`;
  }

  /** The domain work is dispatched in: the request's or task's, else `default`. */
  private async domain(sql: Sql): Promise<{ id: string }> {
    const current = currentDomain();
    if (current) {
      return current;
    }
    if (!this.defaultDomain) {
      const [row] = await sql<{ pulp_id: string }>("SELECT pulp_id FROM core_domain WHERE name = 'default'");
      this.defaultDomain = { id: row.pulp_id };
    }
    return this.defaultDomain;
  }
}
