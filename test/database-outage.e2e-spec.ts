import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchAllInOne } from './support/all-in-one';
import { ApiClient } from './support/api-client';
import { completed, distributedFiles, uploadedFile } from './support/distribute';
import { startEmbeddedCluster, stopEmbeddedCluster, type EmbeddedCluster } from './support/embedded-cluster';
import { freePort } from './support/free-port';
import { pollUntil } from './support/poll';
import { runEntrypoint, type PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const UNAVAILABLE = '503: The database is unavailable; try again later.';
/** A stack frame in a log: what an outage must not print per request. */
const STACK_FRAME = /^\S*\s+at .+:\d+:\d+\)?$/m;

const head = async (url: string) => (await fetch(url, { method: 'HEAD' })).status;
/** Polls the health check until it answers `status` (or `ms` pass), and returns its last answer. */
const health = (content: string, status: number, ms: number) =>
  pollUntil(
    () => head(`${content}/pulp/content/`),
    (answer) => answer === status,
    ms,
  );
const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
};

/**
 * What the content app does while the database is away (a file served before is served again, the
 * rest is a short 503, the health check is a 503), and that it, the API and a worker are back to
 * normal once the database is.
 */
async function expectOutageServing(content: string, cachedPath: string, cachedBody: string, basePath: string) {
  expect(await health(content, 503, 10_000)).toBe(503);
  expect(await get(`${content}/pulp/content/${basePath}/${cachedPath}`)).toEqual({ status: 200, text: cachedBody });
  expect(await get(`${content}/pulp/content/${basePath}/never-asked-for.txt`)).toEqual({
    status: 503,
    text: UNAVAILABLE,
  });
  expect(await get(`${content}/pulp/content/no-such-distribution/file.txt`)).toEqual({
    status: 404,
    text: '404: Not Found',
  });
  expect(await head(`${content}/pulp/content/`)).toBe(503);
}

async function expectRecovered(client: ApiClient, content: string, repository: string, basePath: string) {
  expect(await health(content, 200, 60_000)).toBe(200);
  // A new upload through the API, added by a worker's task, is served.
  const unit = await pollUntil(
    () => uploadedFile(client, 'after.txt', Buffer.from('after the outage')).catch(() => undefined),
    (href) => href !== undefined,
    30_000,
    500,
  );
  expect(unit).toBeDefined();
  await completed(client, client.send(`${repository}modify/`, { add_content_units: [unit] }));
  const served = await pollUntil(
    () => get(`${content}/pulp/content/${basePath}/after.txt`),
    (answer) => answer.status === 200,
  );
  expect(served).toEqual({ status: 200, text: 'after the outage' });
}

describe('the content app while its database is stopped', () => {
  let cluster: EmbeddedCluster;
  let site: TestSite;
  let client: ApiClient;
  let content: PulpProcess;
  let worker: PulpProcess;

  beforeAll(async () => {
    cluster = await startEmbeddedCluster(await freePort());
    site = await TestSite.create({}, { databaseUrl: cluster.url });
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    let api: PulpProcess;
    [api, worker] = await Promise.all([site.start('api'), site.start('worker')]);
    content = await site.start('content');
    client = new ApiClient(api);
  }, 240_000);

  afterAll(async () => {
    await site?.destroy();
    if (cluster) {
      await stopEmbeddedCluster(cluster);
    }
  });

  it('serves what it has cached, answers a short 503 for the rest, logs the outage once, and recovers', async () => {
    const repository = await distributedFiles(client, 'outage', { 'cached.txt': Buffer.from('cached bytes') });
    const url = content.baseUrl!;
    expect(await get(`${url}/pulp/content/outage/cached.txt`)).toEqual({ status: 200, text: 'cached bytes' });
    expect(await head(`${url}/pulp/content/`)).toBe(200);
    const before = content.output.length;

    await stopEmbeddedCluster(cluster);
    await expectOutageServing(url, 'cached.txt', 'cached bytes', 'outage');
    for (let i = 0; i < 5; i++) {
      expect((await get(`${url}/pulp/content/outage/other-${i}.txt`)).status).toBe(503);
    }
    const outageLog = content.output.slice(before);
    expect(outageLog.match(/Database unavailable/g)).toHaveLength(1);
    expect(outageLog).not.toMatch(STACK_FRAME);

    cluster = await startEmbeddedCluster(cluster.port, cluster.dataDir);
    await expectRecovered(client, url, repository, 'outage');
    // Both LISTEN connections come back, each on its own retry timer, each outage logged once.
    await content.waitFor(/Following table changes again/, 10_000);
    await worker.waitFor(/Following task notifications again/, 10_000);
    expect(content.output.match(/Cannot follow table changes/g)).toHaveLength(1);
    expect(worker.output.match(/Cannot follow task notifications/g)).toHaveLength(1);
    expect([content.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
  }, 240_000);
});

describe('npm start when the embedded PostgreSQL is killed', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pulp-outage-'));
    // As root, PostgreSQL runs as `postgres`, which must reach var/ (as from a checkout readable by others).
    chmodSync(dir, 0o755);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs the death, restarts PostgreSQL, and every process carries on', async () => {
    const ports = { api: await freePort(), content: await freePort(), postgres: await freePort() };
    const launcher = await launchAllInOne(dir, ports, ['--workers', '1']);
    try {
      // The password ApiClient speaks with, set by the manager on the launcher's running database.
      const reset = await runEntrypoint('pulpcore-manager', ['reset-admin-password', '--password', 'pw'], {
        cwd: dir,
        env: { PULP_EMBEDDED_POSTGRES_PORT: String(ports.postgres) },
      });
      expect(reset.code).toBe(0);
      const client = new ApiClient(launcher);
      const content = `http://127.0.0.1:${ports.content}`;
      const repository = await distributedFiles(client, 'killed', { 'cached.txt': Buffer.from('kept in memory') });
      expect(await get(`${content}/pulp/content/killed/cached.txt`)).toEqual({ status: 200, text: 'kept in memory' });

      const postmaster = Number(readFileSync(join(dir, 'var/postgres/postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(postmaster, 'SIGKILL');
      // The launcher restarts PostgreSQL within seconds, so what the content app answers meanwhile
      // depends on timing: the outage itself is the first test's. The cached file serves throughout.
      expect(await get(`${content}/pulp/content/killed/cached.txt`)).toEqual({ status: 200, text: 'kept in memory' });
      await launcher.waitFor(
        new RegExp(
          `launcher:ERROR: The embedded PostgreSQL died \\(postmaster pid ${postmaster} is gone\\); restarting it`,
        ),
        10_000,
      );

      await expectRecovered(client, content, repository, 'killed');
      expect(launcher.output).toContain('launcher:INFO: The embedded PostgreSQL is running again');
      // Each LISTEN connection reconnects on its own retry timer, which may fire after the upload is served.
      await launcher.waitFor(/^\[worker-1\] .*Following task notifications again$/m, 10_000);
      await launcher.waitFor(/^\[content\] .*Following table changes again$/m, 10_000);
      // Nobody crashed meanwhile: the launcher restarted no process but PostgreSQL.
      expect(launcher.output).not.toMatch(/^\[(api|content|worker-1)\] exited/m);
    } finally {
      await launcher.stop('SIGINT');
    }
    expect((await launcher.exited).code).toBe(0);
  }, 300_000);
});
