import 'reflect-metadata';
import { loadSettings } from '@pulp/config';
import { ensureEmbeddedDatabase } from '@pulp/database';
import { PulpLogger } from '@pulp/logging';

/**
 * Keeps the embedded PostgreSQL running for the all-in-one launcher, in a process group of its own
 * so that Ctrl-C does not stop the database before the servers have said goodbye. Reports
 * `{ready}` over IPC; stops the cluster on SIGTERM or when the launcher goes away.
 */
const logger = new PulpLogger();

async function main(): Promise<void> {
  const loaded = loadSettings();
  const cluster = await ensureEmbeddedDatabase(loaded, {
    log: (message) => logger.debug(message, 'postgres'),
    warn: (message) => logger.warn(message, 'postgres'),
  });
  const stop = async () => {
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
  process.send?.({ ready: true, owned: cluster.owned });
}

main().catch((error: unknown) => {
  logger.error((error as Error).message, 'postgres');
  process.exit(1);
});
