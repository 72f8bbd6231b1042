export { TasksApiModule } from './api/tasks-api.module';
export { AsyncOperationResponse } from './api/purge.dto';
export { dispatchAccepted, type RequestUser } from './api/task-accepted';
export { AppStatusResponse } from './api/worker.dto';
export { reservedResources, splitResources, tasksToUnblock } from './resources';
export type { ProgressReporter, TaskContext, TaskHandlerFunction } from './task-context';
export { TaskExecutor, type TaskWorker } from './task-executor';
export { currentTaskId, fencedPool, LOCK_TASKS_OF_STATUSES, TaskFencedError, type TaskOwner } from './task-fence';
export { TaskHandler } from './task-handler.decorator';
export {
  TASK_ARGUMENTS,
  TaskQueue,
  type ClaimedTask,
  type DispatchOptions,
  type HeldTask,
  type TaskError,
} from './task-queue';
export { claimPeriodSeconds, claimTaskGauges, type TaskGauges } from './task-gauges';
export { endTaskSpan, recordTaskRun, startTaskSpan, type TaskOutcome } from './task-telemetry';
export { TaskRunnerModule } from './task-runner.module';
export { systemSchedules, type SystemSchedule } from './system-schedules';
export { CANCEL_CHANNEL, FINAL_STATES, INCOMPLETE_STATES, WAKEUP_CHANNEL, type TaskState } from './task-states';
export { TaskingModule } from './tasking.module';
