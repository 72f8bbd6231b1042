import { analyticsCommand } from './commands/analytics.command';
import { checkCommand } from './commands/check.command';
import { collectStaticCommand } from './commands/collectstatic.command';
import { migrateCommand, showMigrationsCommand } from './commands/migrate.command';
import { openApiCommand } from './commands/openapi.command';
import { resetAdminPasswordCommand } from './commands/reset-admin-password.command';
import { rotateDbKeyCommand } from './commands/rotate-db-key.command';
import { ManagerUsageError, type ManagerCommand, type ManagerTools } from './manager-tools';

export const MANAGER_COMMANDS: readonly ManagerCommand[] = [
  analyticsCommand,
  checkCommand,
  collectStaticCommand,
  migrateCommand,
  openApiCommand,
  resetAdminPasswordCommand,
  rotateDbKeyCommand,
  showMigrationsCommand,
];

function overview(): string {
  const width = Math.max(...MANAGER_COMMANDS.map((command) => command.name.length));
  return (
    'Usage: pulpcore-manager <command> [options]   (pulpcore-manager <command> --help for its options)\n\nCommands:\n' +
    MANAGER_COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n') +
    '\n'
  );
}

/** Runs `pulpcore-manager <command> …`; resolves to the process exit code (2: usage error). */
export async function runManager(argv: string[], tools: ManagerTools): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    tools.print(overview().trimEnd());
    return name === undefined ? 2 : 0;
  }
  const command = MANAGER_COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    tools.print(`Unknown command: '${name}'\n\n${overview()}`.trimEnd());
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    tools.print(`${command.summary}.\n\n${command.usage}`.trimEnd());
    return 0;
  }
  try {
    return await command.run(args, tools);
  } catch (error) {
    if (error instanceof ManagerUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      tools.print(`${(error as Error).message}\n\n${command.usage}`.trimEnd());
      return 2;
    }
    throw error;
  }
}
