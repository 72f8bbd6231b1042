/** Injection token of the WorkerOptions the entrypoint gives the worker module. */
export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');

export interface WorkerOptions {
  /** The script of the task process (the built `pulpcore-task-runner.js`). */
  taskProcessScript: string;
}
