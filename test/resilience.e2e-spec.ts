import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedCluster, stopEmbeddedCluster, type EmbeddedCluster } from './support/embedded-cluster';
import { freePort } from './support/free-port';
import type { PulpProcess } from './support/pulp-process';
import { TestSite, type ServerKind } from './support/test-site';

/** A start-up failure must read as one clear message, not a stack trace. */
const expectCleanFailure = async (child: PulpProcess, message: string | RegExp) => {
  const { code } = await child.exited;
  expect(code).toBe(1);
  expect(child.output).toMatch(message);
  expect(child.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
};

describe('start-up failures', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await TestSite.create();
  });

  afterAll(() => site?.destroy());

  it.each<ServerKind>(['api', 'content', 'worker'])(
    '%s exits 1 with a clear message when the database is unreachable',
    async (kind) => {
      const port = await freePort();
      const child = site.spawn(kind, [], {
        PULP_DATABASES__default__HOST: '127.0.0.1',
        PULP_DATABASES__default__PORT: String(port),
      });
      await expectCleanFailure(
        child,
        new RegExp(`Cannot connect to the database postgresql://\\S+@127\\.0\\.0\\.1:${port}/\\S+: .*ECONNREFUSED`),
      );
    },
  );

  it('pulpcore-manager migrate exits 1 with the same message', async () => {
    const port = await freePort();
    const result = await site.manager(['migrate'], {
      PULP_DATABASES__default__PORT: String(port),
      PULP_DATABASES__default__HOST: '127.0.0.1',
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Cannot connect to the database');
  });

  it('refuses to serve while migrations are pending', async () => {
    const fresh = await TestSite.create({}, { migrate: false });
    try {
      await expectCleanFailure(
        fresh.spawn('api'),
        'The database has unapplied migrations: run `pulpcore-manager migrate` first.',
      );
    } finally {
      await fresh.destroy();
    }
  });

  it('exits 1 with a clear message when its port is taken', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expectCleanFailure(
        site.spawn('api', ['--bind', `127.0.0.1:${port}`]),
        `Cannot listen on port ${port}: the address is already in use.`,
      );
      await expectCleanFailure(site.spawn('content', ['--bind', `127.0.0.1:${port}`]), 'already in use');
      const clustered = site.spawn('api', ['--bind', `127.0.0.1:${port}`, '--workers', '2']);
      expect((await clustered.exited).code).toBe(1);
      expect(clustered.output).toContain('already in use');
    } finally {
      blocker.close();
    }
  });

  it('exits 1 naming an ill-typed setting', async () => {
    await expectCleanFailure(
      site.spawn('api', [], { PULP_WORKER_TTL: 'soon' }),
      /WORKER_TTL \(from PULP_WORKER_TTL\): .*\(got "soon"\)/,
    );
    await expectCleanFailure(
      site.spawn('worker', [], { PULP_API_ROOT: 'pulp' }),
      'API_ROOT (from PULP_API_ROOT): must start and end with "/"',
    );
  });

  it('exits 1 naming a malformed settings file', async () => {
    const broken = join(site.dir, 'broken.yaml');
    writeFileSync(broken, 'SECRET_KEY: x\nDATABASES: {default: {NAME: x\n');
    await expectCleanFailure(site.spawn('api', [], { PULP_SETTINGS: broken }), `${broken} is not valid YAML`);
  });

  it('exits 1 with a clear message when the access log cannot be written', async () => {
    await expectCleanFailure(
      site.spawn('api', ['--access-logfile', '/nonexistent-dir/access.log']),
      /Cannot open the access log \/nonexistent-dir\/access\.log: ENOENT/,
    );
  });

  it('refuses to run under the name of another live process', async () => {
    const first = await site.start('worker', { args: ['--name-template', 'twin@host'] });
    await expectCleanFailure(
      site.spawn('worker', ['--name-template', 'twin@host']),
      'Another running process is already named twin@host',
    );
    expect(first.child.exitCode).toBeNull();
    await first.stop();
  });

  it('exits 2 with usage on a bad command line', async () => {
    const child = site.spawn('api', ['--workers', 'many']);
    expect((await child.exited).code).toBe(2);
    expect(child.output).toContain('--workers must be a positive integer');
    expect(child.output).toContain('Usage: pulpcore-api');
  });

  it('starts despite an unknown setting, warning about it by name', async () => {
    const api = await site.start('api', { env: { PULP_WORKER_TLL: '5' } });
    expect(api.output).toContain('Unknown setting WORKER_TLL (from PULP_WORKER_TLL) is ignored');
    await api.stop();
  });
});

describe('the database going away and coming back', () => {
  let cluster: EmbeddedCluster;
  let site: TestSite;
  let api: PulpProcess;
  const credentials = `Basic ${Buffer.from('admin:pw').toString('base64')}`;
  const login = () => fetch(`${api.baseUrl}/pulp/api/v3/login/`, { headers: { authorization: credentials } });
  const status = async () =>
    (await (await fetch(`${api.baseUrl}/pulp/api/v3/status/`)).json()) as {
      database_connection: { connected: boolean };
    };

  beforeAll(async () => {
    cluster = await startEmbeddedCluster(await freePort());
    site = await TestSite.create({}, { databaseUrl: cluster.url });
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    api = await site.start('api');
  });

  afterAll(async () => {
    await site?.destroy();
    if (cluster) {
      await stopEmbeddedCluster(cluster);
    }
  });

  it('answers 503 for database-backed requests while it is down, and recovers by itself', async () => {
    expect((await login()).status).toBe(200);

    await stopEmbeddedCluster(cluster);
    const down = await fetch(`${api.baseUrl}/pulp/api/v3/login/`, {
      headers: { authorization: credentials, 'Correlation-ID': 'feedfacefeedfacefeedfacefeedface' },
    });
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toBe('application/json');
    expect(await down.json()).toEqual({ detail: 'The database is unavailable; try again later.' });
    // The log line says why, under the request's correlation id.
    expect(api.output).toMatch(/pulp \[feedfacefeedfacefeedfacefeedface\]: http:WARNING: Database unavailable: /);
    expect((await status()).database_connection).toEqual({ connected: false });
    expect((await fetch(`${api.baseUrl}/pulp/api/v3/livez/`)).status).toBe(200);

    cluster = await startEmbeddedCluster(cluster.port, cluster.dataDir);
    const deadline = Date.now() + 20_000;
    let answer = await login();
    while (answer.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await login();
    }
    expect(answer.status).toBe(200);
    expect((await status()).database_connection).toEqual({ connected: true });
    expect(api.child.exitCode).toBeNull();
  });
});
