import type { LoadedSettings } from '@pulp/config';
import type { ProcessContext } from '@pulp/core';
import type { PulpLogger } from '@pulp/logging';
import type { PluginDefinition } from '@pulp/plugin-api';

/**
 * What the composition root (src/pulpcore-manager.ts) lends the commands: the manager never
 * assembles settings, plugins or connections itself, so it runs exactly as the servers do.
 */
export interface ManagerTools {
  logger: PulpLogger;
  configuration(): { loaded: LoadedSettings; plugins: PluginDefinition[] };
  /**
   * Connects (starting the embedded PostgreSQL for the command when it is not running); `work` is
   * also handed the loaded plugins.
   */
  withDatabase<T>(
    work: (context: ProcessContext, plugins: PluginDefinition[]) => Promise<T>,
    options?: { allowPending?: boolean },
  ): Promise<T>;
  openApiDocument(): Promise<Record<string, unknown>>;
  /** Text for the user (stdout), as opposed to log lines. */
  print(text: string): void;
  /** Reads a line the user types, without echo when `secret`. */
  prompt(question: string, secret: boolean): Promise<string>;
}

/** A command was called wrongly: its usage is printed and the exit code is 2. */
export class ManagerUsageError extends Error {}

/** One `pulpcore-manager` subcommand. */
export interface ManagerCommand {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the exit code. */
  run(args: string[], tools: ManagerTools): Promise<number> | number;
}
