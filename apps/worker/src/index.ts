export { TaskProcessModule, WorkerModule } from './worker.module';
export type { WorkerOptions } from './worker.constants';
