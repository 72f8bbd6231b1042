export { TasksApiModule } from './api/tasks-api.module';
export { reservedResources, splitResources, tasksToUnblock } from './resources';
export { sqlOf, type PgPoolLike, type Sql } from './sql';
export type { ProgressReporter, TaskContext, TaskHandlerFunction } from './task-context';
export { TaskExecutor } from './task-executor';
export { TaskHandler } from './task-handler.decorator';
export { TaskQueue, type ClaimedTask, type DispatchOptions, type StartedTask, type TaskError } from './task-queue';
export { TaskRunnerModule } from './task-runner.module';
export {
  CANCEL_CHANNEL,
  FINAL_STATES,
  INCOMPLETE_STATES,
  TASK_STATES,
  WAKEUP_CHANNEL,
  type TaskState,
} from './task-states';
export { TASK_POOL } from './tasking.constants';
export { poolOf, TaskingModule } from './tasking.module';
