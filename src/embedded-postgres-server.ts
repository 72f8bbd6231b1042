import 'reflect-metadata';
import { loadSettings } from '@pulp/config';
import { ensureEmbeddedDatabase, type EmbeddedDatabaseHandle } from '@pulp/database';
import { PulpLogger } from '@pulp/logging';
import { POSTMASTER_GONE, watchPostmaster, type EmbeddedDatabaseMessage } from './launcher/postmaster-watch';

/**
 * Keeps the embedded PostgreSQL running for the all-in-one launcher, in a process group of its own
 * so that Ctrl-C does not stop the database before the servers have said goodbye. Reports
 * `{ready}` over IPC; stops the cluster on SIGTERM/SIGINT/SIGHUP or when the launcher goes away,
 * even while the cluster is still starting. When the postmaster dies under it (killed, crashed), it
 * says `{gone}` and exits POSTMASTER_GONE: the launcher restarts it (src/launcher/embedded-database-supervisor.ts).
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

/** Sends `message` to the launcher (if any), then calls `then`. */
function tell(message: EmbeddedDatabaseMessage, then: () => void = () => undefined): void {
  if (process.send) {
    process.send(message, () => then());
  } else {
    then();
  }
}

const loaded = loadSettings();
cluster = ensureEmbeddedDatabase(loaded, {
  log: (message) => logger.debug(message, 'postgres'),
  warn: (message) => logger.warn(message, 'postgres'),
});
cluster.then(
  (handle) => {
    tell({ ready: true, owned: handle.owned });
    watchPostmaster(loaded.settings.EMBEDDED_POSTGRES_DIR, (pid) => {
      // Nothing left to stop: stopping a dead cluster would wait forever for its exit.
      cluster = undefined;
      tell({ gone: pid }, () => process.exit(POSTMASTER_GONE));
    });
  },
  (error: unknown) => {
    logger.error((error as Error).message, 'postgres');
    cluster = undefined;
    void stop(1);
  },
);
