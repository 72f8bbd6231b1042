import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { stringify } from 'yaml';
import { createKeyFile, DatabaseEncryption } from '../../libs/database/src/encryption';
import { freePort } from './free-port';
import { runEntrypoint, spawnEntrypoint, type PulpProcess } from './pulp-process';

/** The SECRET_KEY of every test site. */
export const TEST_SECRET_KEY = 'test-secret-key';

export type ServerKind = 'api' | 'content' | 'worker';

const ENTRYPOINT = { api: 'pulpcore-api', content: 'pulpcore-content', worker: 'pulpcore-worker' } as const;
const READY = { api: /listening on/, content: /listening on/, worker: /Worker \S+ started/ };

/** DATABASES as Pulp spells it, for one database of the test cluster. */
export function databasesSetting(url: string, name: string): Record<string, unknown> {
  const parsed = new URL(url);
  return {
    default: {
      HOST: parsed.hostname,
      PORT: Number(parsed.port || 5432),
      USER: decodeURIComponent(parsed.username),
      PASSWORD: decodeURIComponent(parsed.password),
      NAME: name,
    },
  };
}

/**
 * One isolated Pulp installation for a suite: its own database on the test cluster, its own
 * DEPLOY_ROOT, settings file and DB_ENCRYPTION_KEY file (a new key), and the processes the suite
 * starts (all stopped by destroy()).
 */
export class TestSite {
  readonly processes: PulpProcess[] = [];
  /** The site's key file, as its processes read it: a suite's own TaskQueue dispatches with it. */
  readonly encryption: DatabaseEncryption;

  private constructor(
    readonly dir: string,
    readonly settingsFile: string,
    readonly databaseName: string | undefined,
    readonly env: NodeJS.ProcessEnv,
    readonly keyFile: string,
  ) {
    this.encryption = new DatabaseEncryption(keyFile);
  }

  /**
   * A site with its own new database on the test cluster, or on `databaseUrl` (used as it is and
   * left in place) for suites that run a PostgreSQL of their own.
   */
  static async create(
    settings: Record<string, unknown> = {},
    { migrate = true, databaseUrl }: { migrate?: boolean; databaseUrl?: string } = {},
  ): Promise<TestSite> {
    const dir = mkdtempSync(join(tmpdir(), 'pulp-site-'));
    const databaseName = databaseUrl ? undefined : `pulp_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    if (databaseName) {
      await adminQuery(`CREATE DATABASE ${databaseName}`);
    }
    const settingsFile = join(dir, 'settings.yaml');
    const keyFile = join(dir, 'database_fields.symmetric.key');
    createKeyFile(keyFile);
    writeFileSync(
      settingsFile,
      stringify({
        SECRET_KEY: TEST_SECRET_KEY,
        DB_ENCRYPTION_KEY: keyFile,
        DEPLOY_ROOT: dir,
        DATABASES: databaseUrl
          ? databasesSetting(databaseUrl, new URL(databaseUrl).pathname.slice(1))
          : databasesSetting(testDatabaseUrl(), databaseName!),
        ANALYTICS: false,
        ...settings,
      }),
    );
    const site = new TestSite(dir, settingsFile, databaseName, { PULP_SETTINGS: settingsFile }, keyFile);
    if (migrate) {
      const result = await site.manager(['migrate']);
      if (result.code !== 0) {
        throw new Error(`migrate failed:\n${result.output}`);
      }
    }
    return site;
  }

  /** Runs `pulpcore-manager …` with this site's settings (plus `env`). */
  manager(args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
    return runEntrypoint('pulpcore-manager', args, { cwd: this.dir, env: { ...this.env, ...env }, input });
  }

  /** Spawns a server without waiting for it (for tests of failing start-ups). */
  spawn(kind: ServerKind, args: string[] = [], env: NodeJS.ProcessEnv = {}, baseUrl?: string): PulpProcess {
    const child = spawnEntrypoint(ENTRYPOINT[kind], args, { cwd: this.dir, env: { ...this.env, ...env }, baseUrl });
    this.processes.push(child);
    return child;
  }

  /** Starts a server on a free port and waits until it serves (or, for a worker, has started). */
  async start(
    kind: ServerKind,
    { args = [], env = {} }: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
  ): Promise<PulpProcess> {
    let bind: string[] = [];
    let baseUrl: string | undefined;
    if (kind !== 'worker') {
      const port = await freePort();
      bind = ['--bind', `127.0.0.1:${port}`];
      baseUrl = `http://127.0.0.1:${port}`;
    }
    const child = this.spawn(kind, [...bind, ...args], env, baseUrl);
    await child.waitFor(READY[kind]);
    return child;
  }

  /** A connection pool on this site's database, as the cluster's administrator (the caller ends it). */
  pool(max: number): Pool {
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${this.databaseName}`;
    return new Pool({ connectionString: url.toString(), max });
  }

  /** A query on this site's database, as the cluster's administrator. */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return adminQuery<T>(sql, params, this.databaseName);
  }

  /** How many rows `table` has: what a refused request must leave as it was. */
  async count(table: string): Promise<number> {
    return Number((await this.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  }

  async destroy(): Promise<void> {
    await Promise.all(this.processes.map((child) => child.stop('SIGKILL')));
    if (this.databaseName) {
      await adminQuery(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function testDatabaseUrl(): string {
  const url = process.env.PULP_TEST_DATABASE_URL;
  if (!url) {
    throw new Error('PULP_TEST_DATABASE_URL is not set: run e2e suites through jest (global-setup starts a database)');
  }
  return url;
}

async function adminQuery<T>(sql: string, params: unknown[] = [], database?: string): Promise<T[]> {
  const url = new URL(testDatabaseUrl());
  if (database) {
    url.pathname = `/${database}`;
  }
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
