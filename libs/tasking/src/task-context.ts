import type { Sql } from '@pulp/database/sql';

/** A progress report a handler keeps up to date (Pulp's ProgressReport: message, code, total, done, suffix). */
export interface ProgressReporter {
  increment: (by?: number) => Promise<void>;
  /** Raises the total: work found while the report runs (Pulp's `pb.total += n`). */
  addToTotal: (by: number) => Promise<void>;
}

/** What a task handler gets: its task's arguments and the means to report on its work. */
export interface TaskContext {
  taskId: string;
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  /** Queries on the task process's connection pool (each may use another connection). */
  sql: Sql;
  /** Runs `work` in one transaction on one connection: all of it is committed, or none (also when the task is killed). */
  transaction: <T>(work: (sql: Sql) => Promise<T>) => Promise<T>;
  /** Starts a running progress report; it ends with the task, in the task's final state. */
  progress: (report: { message: string; code: string; total?: number; suffix?: string }) => Promise<ProgressReporter>;
  /**
   * Counts work done towards a progress report of the task's group (created with the group:
   * `createTaskGroup(description, reports)`); nothing happens when the task is in no group or the
   * group has no report with this code.
   */
  groupProgress: (code: string, by?: number) => Promise<void>;
  /** Records an object the task created (its PRN and its path below the API root, e.g. `tasks/<id>/`). */
  createdResource: (prn: string, apiPath: string) => Promise<void>;
}

/** A task's code: its return value becomes the task's `result` (JSON), a throw makes it `failed`. */
export type TaskHandlerFunction = (context: TaskContext) => Promise<unknown>;
