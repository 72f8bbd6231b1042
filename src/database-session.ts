import type { LoadedSettings } from '@pulp/config';
import type { ProcessContext } from '@pulp/core';
import { ensureEmbeddedDatabase } from '@pulp/database';
import type { PulpLogger } from '@pulp/logging';
import type { PluginDefinition } from '@pulp/plugin-api';
import { connect } from './boot';

/**
 * Runs `work` connected to the database; with no DATABASES setting, the embedded PostgreSQL is
 * started for the duration when no other local process runs it, and stopped again afterwards. The
 * key file is read when `work` first needs it (most commands never do).
 */
export async function withDatabase<T>(
  logger: PulpLogger,
  loaded: LoadedSettings,
  plugins: PluginDefinition[],
  work: (context: ProcessContext) => Promise<T>,
  options: { allowPending?: boolean } = {},
): Promise<T> {
  const embedded = loaded.embeddedDatabase
    ? await ensureEmbeddedDatabase(loaded, {
        log: (message) => logger.debug(message, 'postgres'),
        warn: (message) => logger.warn(message, 'postgres'),
      })
    : undefined;
  try {
    const context = await connect(logger, loaded, plugins, { ...options, poolSize: 2, readKey: false, serving: false });
    try {
      return await work(context);
    } finally {
      await context.dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}
