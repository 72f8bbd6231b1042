export { collectStatic } from './commands/collectstatic.command';
export { migrate } from './commands/migrate.command';
export { runManager } from './manager';
export type { ManagerCommand, ManagerTools } from './manager-tools';
