import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { metrics, type BatchObservableResult, type Meter, type ObservableGauge } from '@opentelemetry/api';
import { PG_POOL, sqlOf, type PgPoolLike, type Sql } from '@pulp/database';
import { claimPeriodSeconds, claimTaskGauges, type TaskGauges } from '@pulp/tasking';
import { PULP_METER, readOtelEnvironment, telemetryEnabled } from '@pulp/telemetry';

/** The claim row of these gauges (`core_telemetryclaim.name`). */
const CLAIM = 'task-gauges';

type Gauges = Record<keyof TaskGauges, ObservableGauge>;

function createGauges(meter: Meter): Gauges {
  const gauge = (name: string, unit: string, description: string) =>
    meter.createObservableGauge(name, { unit, description });
  return {
    unblockedQueue: gauge('tasks_unblocked_queue', 'tasks', 'Waiting tasks unblocked for at least 5 seconds'),
    longestUnblockedSeconds: gauge(
      'tasks_longest_unblocked_time',
      'seconds',
      'Time since the oldest waiting unblocked task was unblocked',
    ),
    waitingTasks: gauge(
      'waiting_tasks',
      'tasks',
      'Runnable tasks older than 5 seconds beyond what the online workers run',
    ),
    queueDepth: gauge('pulp.tasks.queue_depth', 'tasks', 'Waiting tasks, per task name'),
    workersBusy: gauge('pulp.workers.busy', 'workers', 'Online workers running a task'),
    workersIdle: gauge('pulp.workers.idle', 'workers', 'Online workers running no task'),
  };
}

/**
 * The deployment-wide task gauges (Pulp's `tasks_unblocked_queue`, `tasks_longest_unblocked_time`,
 * `waiting_tasks`; ours `pulp.tasks.queue_depth`, `pulp.workers.busy`, `pulp.workers.idle`) as
 * observable gauges of every worker, observed at each export of its meter provider: the callback
 * reports only when this worker won the period's claim in the database, so one worker per period
 * reports them for all (the claim lasts a little less than OTEL_METRIC_EXPORT_INTERVAL). Without
 * telemetry nothing is registered.
 */
@Injectable()
export class WorkerMetrics implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('worker');
  private readonly sql: Sql;
  private registered: { meter: Meter; gauges: Gauges; periodSeconds: number } | undefined;
  /** The task names this worker has reported a queue depth for: an emptied queue reports 0, not nothing. */
  private readonly queuedNames = new Set<string>();

  constructor(@Inject(PG_POOL) pool: PgPoolLike) {
    this.sql = sqlOf(pool);
  }

  onApplicationBootstrap(): void {
    if (!telemetryEnabled()) {
      return;
    }
    // Valid: the SDK was started with the same variables.
    const periodSeconds = claimPeriodSeconds(readOtelEnvironment('pulp-worker').metricExportIntervalMillis);
    const meter = metrics.getMeter(PULP_METER);
    const gauges = createGauges(meter);
    meter.addBatchObservableCallback(this.observe, Object.values(gauges));
    this.registered = { meter, gauges, periodSeconds };
  }

  onModuleDestroy(): void {
    // The meter provider's last export at shutdown must not query a pool that is closing.
    if (this.registered) {
      this.registered.meter.removeBatchObservableCallback(this.observe, Object.values(this.registered.gauges));
    }
  }

  private readonly observe = async (result: BatchObservableResult): Promise<void> => {
    if (!this.registered) {
      return;
    }
    const { gauges, periodSeconds } = this.registered;
    const observed = await this.claim(periodSeconds);
    if (!observed) {
      return;
    }
    for (const key of [
      'unblockedQueue',
      'longestUnblockedSeconds',
      'waitingTasks',
      'workersBusy',
      'workersIdle',
    ] as const) {
      result.observe(gauges[key], observed[key]);
    }
    for (const name of observed.queueDepth.keys()) {
      this.queuedNames.add(name);
    }
    for (const name of this.queuedNames) {
      result.observe(gauges.queueDepth, observed.queueDepth.get(name) ?? 0, { 'task.name': name });
    }
  };

  private async claim(periodSeconds: number): Promise<TaskGauges | null> {
    try {
      return await claimTaskGauges(this.sql, CLAIM, periodSeconds);
    } catch (error) {
      this.logger.warn(`Could not read the task gauges: ${(error as Error).message}`);
      return null;
    }
  }
}
