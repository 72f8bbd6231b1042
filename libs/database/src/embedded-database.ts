import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import type { LoadedSettings } from '@pulp/config';
import { connectionOptions, EMBEDDED_DATABASE, EMBEDDED_USER, embeddedPasswordFile } from './connection-options';
import { folderBlockingOthers, PostgresCluster } from './postgres-cluster';

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
  mkdirSync(dirname(dataDir), { recursive: true });
  const blocked = userInfo().uid === 0 ? folderBlockingOthers(dirname(dataDir)) : undefined;
  if (blocked) {
    throw new Error(
      `The embedded PostgreSQL runs as the user "postgres", which cannot enter ${blocked}: ` +
        'set EMBEDDED_POSTGRES_DIR to a folder it can reach (or allow it: chmod o+x).',
    );
  }
  const firstRun = !existsSync(join(dataDir, 'PG_VERSION'));
  if (firstRun) {
    // Written before initdb uses it, so an interrupted first start cannot lose the password.
    writeFileSync(passwordFile, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const cluster = await PostgresCluster.create({
    dataDir,
    port,
    user: EMBEDDED_USER,
    password,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log.log(message.trim()),
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
  try {
    await createDatabaseIfMissing(loaded);
  } catch (error) {
    // Not left running without the helper that would stop it.
    await cluster.stop();
    throw error;
  }
  return { owned: true, stop: () => cluster.stop() };
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
