/** Injection token of the WorkerOptions the entrypoint gives the worker module. */
export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');

export interface WorkerOptions {
  /** The script of the task process (the built `pulpcore-task-runner.js`). */
  taskProcessScript: string;
  /** OTEL_METRIC_EXPORT_INTERVAL (ms): one worker reports the deployment-wide task gauges per such period. */
  metricExportIntervalMs: number;
}
