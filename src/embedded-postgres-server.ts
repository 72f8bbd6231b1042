import 'reflect-metadata';
import { loadSettings } from '@pulp/config';
import { ensureEmbeddedDatabase, type EmbeddedDatabaseHandle } from '@pulp/database';
import { PulpLogger } from '@pulp/logging';

/**
 * Keeps the embedded PostgreSQL running for the all-in-one launcher, in a process group of its own
 * so that Ctrl-C does not stop the database before the servers have said goodbye. Reports
 * `{ready}` over IPC; stops the cluster on SIGTERM/SIGINT/SIGHUP or when the launcher goes away,
 * even while the cluster is still starting.
 */
const logger = new PulpLogger();
let cluster: Promise<EmbeddedDatabaseHandle> | undefined;

async function stop(code: number): Promise<void> {
  try {
    await (await cluster)?.stop();
  } finally {
    process.exit(code);
  }
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => void stop(0));
}
process.on('disconnect', () => void stop(0));

cluster = ensureEmbeddedDatabase(loadSettings(), {
  log: (message) => logger.debug(message, 'postgres'),
  warn: (message) => logger.warn(message, 'postgres'),
});
cluster.then(
  (handle) => process.send?.({ ready: true, owned: handle.owned }),
  (error: unknown) => {
    logger.error((error as Error).message, 'postgres');
    cluster = undefined;
    void stop(1);
  },
);
