import type { Sql } from '@pulp/database/sql';

/**
 * The deployment-wide task gauges: Pulp's three and ours for autoscalers, read in one statement by
 * one worker per export period (see `claimTaskGauges`). Pure parts here; the worker registers them.
 */

/** Pulp's advisory lock id for its task metrics: the period's claim tries it. */
export const TASK_METRICS_LOCK = 74;

/** A waiting task counts as queued (Pulp's `tasks_unblocked_queue`, `waiting_tasks`) after this long. */
export const QUEUED_AFTER_SECONDS = 5;

/** What one worker reports for the whole deployment in a period. */
export interface TaskGauges {
  /** Pulp: waiting tasks unblocked for at least 5 s. */
  unblockedQueue: number;
  /** Pulp: seconds since the oldest waiting unblocked task was unblocked (0: none). */
  longestUnblockedSeconds: number;
  /** Pulp: runnable (unblocked) waiting or running tasks older than 5 s, beyond what the online workers run (not below 0). */
  waitingTasks: number;
  /** Waiting tasks per task name (blocked or not). */
  queueDepth: ReadonlyMap<string, number>;
  workersBusy: number;
  workersIdle: number;
}

/** The row `claimTaskGauges` reads. */
export interface TaskGaugesRow {
  unblocked_queue: number;
  longest_unblocked: number;
  runnable_old: number;
  workers_online: number;
  workers_busy: number;
  queue_depth: Record<string, number>;
}

export function taskGauges(row: TaskGaugesRow): TaskGauges {
  const busy = Math.min(row.workers_busy, row.workers_online);
  return {
    unblockedQueue: row.unblocked_queue,
    longestUnblockedSeconds: row.longest_unblocked,
    waitingTasks: Math.max(0, row.runnable_old - row.workers_online),
    queueDepth: new Map(Object.entries(row.queue_depth)),
    workersBusy: busy,
    workersIdle: row.workers_online - busy,
  };
}

/**
 * How long a claim shuts the other workers out: a little less than the export interval, so that the
 * worker that won a period may win the next one despite timer jitter, yet two workers whose export
 * timers are out of phase never both report within one interval.
 */
export function claimPeriodSeconds(exportIntervalMs: number): number {
  return (exportIntervalMs * 0.9) / 1000;
}

/**
 * One statement: claims the period for `name` (Pulp's lock 74, tried, never waited for; then the
 * claim row, taken only when the last claim is at least `periodSeconds` old) and, only when this
 * worker won it, reads the gauges from the incomplete tasks and the online workers. No row: another
 * worker reports this period.
 */
const CLAIM_TASK_GAUGES = `
  WITH claim AS (
    INSERT INTO core_telemetryclaim (name, claimed_at)
    SELECT $1, now() WHERE pg_try_advisory_xact_lock(0, ${TASK_METRICS_LOCK})
    ON CONFLICT (name) DO UPDATE SET claimed_at = excluded.claimed_at
     WHERE core_telemetryclaim.claimed_at <= now() - make_interval(secs => $2)
    RETURNING 1),
  incomplete AS (
    SELECT name, state, unblocked_at, pulp_created, app_lock_id FROM core_task
     WHERE state IN ('waiting', 'running', 'canceling')),
  workers AS (
    SELECT pulp_id FROM core_appstatus WHERE app_type = 'worker' AND last_heartbeat >= now() - ttl)
  SELECT
    (SELECT count(*) FROM incomplete
      WHERE state = 'waiting' AND unblocked_at <= now() - make_interval(secs => ${QUEUED_AFTER_SECONDS}))::int
      AS unblocked_queue,
    (SELECT coalesce(extract(epoch FROM now() - min(unblocked_at)), 0) FROM incomplete WHERE state = 'waiting')::float8
      AS longest_unblocked,
    (SELECT count(*) FROM incomplete
      WHERE unblocked_at IS NOT NULL AND state IN ('waiting', 'running')
        AND pulp_created < now() - make_interval(secs => ${QUEUED_AFTER_SECONDS}))::int AS runnable_old,
    (SELECT count(*) FROM workers)::int AS workers_online,
    (SELECT count(DISTINCT app_lock_id) FROM incomplete
      WHERE state IN ('running', 'canceling') AND app_lock_id IN (SELECT pulp_id FROM workers))::int AS workers_busy,
    (SELECT coalesce(jsonb_object_agg(name, n), '{}') FROM
       (SELECT name, count(*)::int AS n FROM incomplete WHERE state = 'waiting' GROUP BY name) AS q) AS queue_depth
  WHERE EXISTS (SELECT 1 FROM claim)`;

/** The gauges when this worker won the period for `name`, else null (see CLAIM_TASK_GAUGES). */
export async function claimTaskGauges(sql: Sql, name: string, periodSeconds: number): Promise<TaskGauges | null> {
  const [row] = await sql<TaskGaugesRow>(CLAIM_TASK_GAUGES, [name, periodSeconds]);
  return row ? taskGauges(row) : null;
}
