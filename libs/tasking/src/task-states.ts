/** Pulp's task states; `skipped` exists in the schema but is never produced (pulp-glue cannot handle it). */
export type TaskState = 'waiting' | 'skipped' | 'running' | 'completed' | 'failed' | 'canceled' | 'canceling';

/** Every state, in the order Pulp's schema documents them. */
export const TASK_STATES: readonly TaskState[] = [
  'waiting',
  'skipped',
  'running',
  'completed',
  'failed',
  'canceled',
  'canceling',
];
export const INCOMPLETE_STATES: readonly TaskState[] = ['waiting', 'running', 'canceling'];
export const FINAL_STATES: readonly TaskState[] = ['skipped', 'completed', 'failed', 'canceled'];

/** LISTEN/NOTIFY channels and advisory lock keys, as Pulp names them (never change them). */
export const WAKEUP_CHANNEL = 'pulp_worker_wakeup';
export const CANCEL_CHANNEL = 'pulp_worker_cancel';
export const TASK_UNBLOCKING_LOCK = 84;
export const TASK_SCHEDULING_LOCK = 42;
