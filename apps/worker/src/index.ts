export { TaskProcessModule, WorkerModule } from './worker.module';
export type { TaskProcessMessage, WorkerMessage } from './task-process';
export type { WorkerOptions } from './worker.constants';
