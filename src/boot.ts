import { loadSettings, SettingsError, type LoadedSettings } from '@pulp/config';
import { AppStatusConflictError, CORE_COMPONENT, type ProcessContext, type VersionComponent } from '@pulp/core';
import {
  connectionFailureReason,
  connectionOptions,
  createDataSource,
  DatabaseEncryption,
  describeConnection,
  EncryptionKeyError,
  isConnectionError,
  pendingMigrations,
} from '@pulp/database';
import type { DataSource } from 'typeorm';
import { PulpLogger, type LogLevelName } from '@pulp/logging';
import { dataSourceParts } from '@pulp/migrations';
import { selectPlugins, type PluginDefinition } from '@pulp/plugin-api';
import { AccessPolicyError } from '@pulp/rbac';
import { storageFromSettings } from '@pulp/storage';
import { TelemetryConfigError } from '@pulp/telemetry';
import { BUNDLED_PLUGINS } from './plugins';

/** A start-up failure whose message is all the operator needs: printed without a stack, exit 1. */
export class StartupError extends Error {}

/** Settings and plugins, before any connection: enough for `--help`-like commands and the launcher. */
export function loadConfiguration(logger: PulpLogger): { loaded: LoadedSettings; plugins: PluginDefinition[] } {
  let loaded: LoadedSettings;
  try {
    loaded = loadSettings();
  } catch (error) {
    throw error instanceof SettingsError ? new StartupError(error.message) : error;
  }
  logger.setLevel(loaded.settings.LOG_LEVEL as LogLevelName);
  loaded.warnings.forEach((warning) => logger.warn(warning, 'settings'));
  try {
    // Bad storage OPTIONS stop every process here, as other bad settings do: a worker would
    // otherwise start and fail each task (its storage is built in the task process).
    storageFromSettings(loaded.settings);
    return { loaded, plugins: selectPlugins(BUNDLED_PLUGINS, loaded.settings) };
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
}

export function versionComponents(plugins: readonly PluginDefinition[]): VersionComponent[] {
  return [
    CORE_COMPONENT,
    ...plugins.map((plugin) => ({
      component: plugin.label,
      version: plugin.version,
      package: plugin.packageName,
      module: plugin.module,
      domain_compatible: plugin.domainCompatible,
    })),
  ];
}

/**
 * Connects to the database and, unless `allowPending`, refuses to go on while migrations are pending:
 * apps never migrate by themselves (`pulpcore-manager migrate` does). The DB_ENCRYPTION_KEY file is
 * read first, so that a process that will read or write secrets stops at once without it; a
 * manager command that may not need it (`readKey: false`) reads it only when it does. A server
 * process (`serving`: not a manager command) also refuses settings the database contradicts.
 */
export async function connect(
  logger: PulpLogger,
  loaded: LoadedSettings,
  plugins: PluginDefinition[],
  {
    allowPending = false,
    poolSize,
    readKey = true,
    serving = true,
  }: { allowPending?: boolean; poolSize?: number; readKey?: boolean; serving?: boolean } = {},
): Promise<ProcessContext> {
  const encryption = new DatabaseEncryption(loaded.settings.DB_ENCRYPTION_KEY);
  if (readKey) {
    encryption.load();
  }
  const connection = connectionOptions(loaded);
  const dataSource = createDataSource(connection, dataSourceParts(plugins, { poolSize, encryption }));
  try {
    await dataSource.initialize();
  } catch (error) {
    if (!isConnectionError(error) && !/password authentication|does not exist|no pg_hba/i.test(String(error))) {
      throw error;
    }
    const hint = loaded.embeddedDatabase
      ? ' No DATABASES setting is configured, so the embedded PostgreSQL is used: start it with `npm start`.'
      : ' Check the DATABASES setting and that PostgreSQL is running.';
    throw new StartupError(
      `Cannot connect to the database ${describeConnection(connection)}: ${connectionFailureReason(error)}.${hint}`,
    );
  }
  if (!allowPending && (await pendingMigrations(dataSource)).length > 0) {
    await dataSource.destroy();
    throw new StartupError('The database has unapplied migrations: run `pulpcore-manager migrate` first.');
  }
  if (serving && !allowPending) {
    await refuseDisabledDomains(dataSource, loaded).catch(async (error: unknown) => {
      await dataSource.destroy();
      throw error;
    });
  }
  return { loaded, logger, dataSource, encryption, components: versionComponents(plugins) };
}

/**
 * With DOMAIN_ENABLED off, every request and task works in the `default` domain: the objects of any
 * other domain would be out of reach (and their names free to be taken again there). A server
 * process refuses to start so while such domains exist; manager commands still run.
 */
async function refuseDisabledDomains(dataSource: DataSource, { settings }: LoadedSettings): Promise<void> {
  if (settings.DOMAIN_ENABLED) {
    return;
  }
  const [{ count, names }] = await dataSource.query<Array<{ count: number; names: string | null }>>(
    `SELECT count(*)::int AS count, string_agg(name, ', ' ORDER BY name) FILTER (WHERE rank <= 5) AS names
       FROM (SELECT name, row_number() OVER (ORDER BY name) AS rank FROM core_domain WHERE name <> 'default') d`,
  );
  if (count > 0) {
    throw new StartupError(
      `DOMAIN_ENABLED is false, but ${count} domain(s) other than "default" exist (${names}${count > 5 ? ', …' : ''}): ` +
        'set DOMAIN_ENABLED to true, or start with it and delete those domains (DELETE on domains/) first.',
    );
  }
}

/** The signals that stop a process gracefully (its status row removed, its work finished or handed back). */
export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * A process started with an IPC channel (by the all-in-one launcher, or as a cluster worker) stops
 * gracefully when that channel closes: its parent is gone, even if it was killed with SIGKILL.
 */
export function stopWithParent(): void {
  if (process.connected) {
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
}

/**
 * Runs an entrypoint's main: an error meant for the operator (StartupError, a name clash, an unnamed controller) is printed
 * as one line and exits 1; anything else is a bug and is printed with its stack.
 */
export function runMain(logger: PulpLogger, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (
      error instanceof StartupError ||
      error instanceof EncryptionKeyError ||
      error instanceof AppStatusConflictError ||
      error instanceof AccessPolicyError ||
      error instanceof TelemetryConfigError
    ) {
      logger.error(error.message, 'startup');
    } else {
      logger.error(error instanceof Error ? error : String(error), undefined, 'startup');
    }
    process.exit(1);
  });
}
