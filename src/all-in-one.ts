#!/usr/bin/env node
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadedSettings } from '@pulp/config';
import { parseBind } from '@pulp/http';
import { PulpLogger } from '@pulp/logging';
import type { PluginDefinition } from '@pulp/plugin-api';
import { collectStatic, migrate } from '@pulp/manager';
import { adminExists, randomPassword, setAdminPassword, ADMIN_USERNAME } from '@pulp/rbac';
import { connect, loadConfiguration, runMain, StartupError } from './boot';
import { EmbeddedDatabaseSupervisor } from './launcher/embedded-database-supervisor';
import { ensureLocalKey, ensureLocalSettings } from './launcher/local-settings';
import { Supervisor } from './launcher/supervisor';

const USAGE = `Usage: npm start -- [options]

Runs the whole system on this machine: the embedded PostgreSQL (unless DATABASES is set),
migrations, one API, one content app and the workers, until Ctrl-C.

Options:
  --api-bind HOST:PORT       REST API address (default 127.0.0.1:24817)
  --content-bind HOST:PORT   content app address (default 127.0.0.1:24816)
  --workers N                task workers (default 2)
  -h, --help                 show this help
`;

const logger = new PulpLogger();

runMain(logger, async () => {
  const options = parseArgs({
    options: {
      'api-bind': { type: 'string', default: '127.0.0.1:24817' },
      'content-bind': { type: 'string', default: '127.0.0.1:24816' },
      workers: { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const workers = Number(options.workers);
  if (!Number.isInteger(workers) || workers < 0) {
    throw new StartupError(`--workers must be a whole number, not "${options.workers}"`);
  }
  const apiBind = parseBind(options['api-bind']);
  const contentBind = parseBind(options['content-bind']);

  const written = ensureLocalSettings(process.cwd(), process.env, clientUrl(contentBind));
  if (written) {
    logger.log(`Wrote ${written} (a new SECRET_KEY, data and the database encryption key under ./var)`, 'launcher');
  }
  const { loaded, plugins } = loadConfiguration(logger);
  const key = ensureLocalKey(process.cwd(), loaded.settings.DB_ENCRYPTION_KEY);
  if (key) {
    logger.log(`Created the database encryption key ${key}`, 'launcher');
  }
  const env = { ...process.env, ...(loaded.settingsFile && { PULP_SETTINGS: loaded.settingsFile }) };

  const database = loaded.embeddedDatabase
    ? new EmbeddedDatabaseSupervisor(
        resolve(__dirname, 'embedded-postgres-server.js'),
        env,
        loaded.settings.EMBEDDED_POSTGRES_DIR,
        logger,
      )
    : undefined;
  await database?.start();
  const supervisor = new Supervisor(env, (reason) => {
    logger.error(reason, 'launcher');
    void shutdown(1);
  });
  const shutdown = async (code: number) => {
    logger.log('Stopping…', 'launcher');
    await supervisor.stopAll();
    await database?.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(0));
  }

  let adminLogin: string;
  try {
    adminLogin = await prepareDatabase(loaded, plugins);
  } catch (error) {
    await database?.stop();
    throw error;
  }
  const script = (name: string) => resolve(__dirname, `${name}.js`);
  supervisor.add('api', script('pulpcore-api'), ['--bind', options['api-bind']]);
  supervisor.add('content', script('pulpcore-content'), ['--bind', options['content-bind']]);
  for (let i = 1; i <= workers; i++) {
    supervisor.add(`worker-${i}`, script('pulpcore-worker'), []);
  }

  const api = `${clientUrl(apiBind)}${loaded.settings.API_ROOT}api/v3/`;
  const content = `${clientUrl(contentBind)}${loaded.settings.CONTENT_PATH_PREFIX}`;
  await waitUntilOnline(`${api}status/`, workers);
  process.stdout.write(
    [
      '',
      'Pulp is running.',
      `  REST API      ${api}`,
      `  API docs      ${api}docs/`,
      `  Content       ${content}`,
      `  Admin login   ${adminLogin}`,
      '  Stop with Ctrl-C.',
      '',
    ].join('\n') + '\n',
  );
});

/** Migrates, creates `admin` on first start, collects static assets; returns the login line to print. */
async function prepareDatabase(loaded: LoadedSettings, plugins: PluginDefinition[]): Promise<string> {
  const context = await connect(logger, loaded, plugins, { allowPending: true, poolSize: 2 });
  const applied = await migrate(context, plugins);
  if (applied.length > 0) {
    logger.log(`Applied migrations: ${applied.join(', ')}`, 'launcher');
  }
  let adminLogin = `${ADMIN_USERNAME} (password set on an earlier start; change it with \`npm run manager -- reset-admin-password\`)`;
  if (!(await adminExists(context.dataSource))) {
    const password = randomPassword();
    await setAdminPassword(context.dataSource, password);
    adminLogin = `${ADMIN_USERNAME} / ${password}   (shown once; change it with \`npm run manager -- reset-admin-password\`)`;
  }
  await context.dataSource.destroy();
  if (!existsSync(loaded.settings.STATIC_ROOT)) {
    collectStatic(loaded.settings);
  }
  return adminLogin;
}

/** `http://host:port` a local client can use for a bind address (wildcards become loopback, IPv6 is bracketed). */
function clientUrl({ host, port }: { host: string; port: number }): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Polls status until the API, the content app and every worker report in (60 s at most). */
async function waitUntilOnline(statusUrl: string, workers: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const status = (await (await fetch(statusUrl)).json()) as Record<string, unknown[]>;
      if (
        status.online_api_apps.length >= 1 &&
        status.online_content_apps.length >= 1 &&
        status.online_workers.length >= workers
      ) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  logger.warn('Not every process reported in within 60 s; see the log above.', 'launcher');
}
