import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from './support/poll';
import { TestSite } from './support/test-site';
import type { PulpProcess } from './support/pulp-process';

interface Status {
  versions: Array<{ component: string; version: string }>;
  online_workers: Array<{ name: string; last_heartbeat: string; versions: Record<string, string> }>;
  online_api_apps: Array<{ name: string }>;
  online_content_apps: Array<{ name: string }>;
  database_connection: { connected: boolean };
  redis_connection: { connected: boolean };
  storage: { total: number; used: number; free: number };
  content_settings: { content_origin: string | null; content_path_prefix: string };
  domain_enabled: boolean;
}

const WORKER_TTL = 3;

describe('status and app heartbeats (1 API, 1 content app, 2 workers)', () => {
  let site: TestSite;
  let api: PulpProcess;
  let content: PulpProcess;
  let workers: PulpProcess[];

  const status = async (): Promise<Status> => {
    const response = await fetch(`${api.baseUrl}/pulp/api/v3/status/`);
    expect(response.status).toBe(200);
    return (await response.json()) as Status;
  };

  /** Polls status until `predicate` holds (heartbeats are asynchronous by nature). */
  const eventually = (predicate: (s: Status) => boolean, ms = 15_000) => pollUntil(status, predicate, ms, 250);

  beforeAll(async () => {
    site = await TestSite.create({ WORKER_TTL, CONTENT_ORIGIN: 'http://content.example:24816' });
    [api, content, ...workers] = await Promise.all([
      site.start('api'),
      site.start('content'),
      site.start('worker'),
      site.start('worker'),
    ]);
  });

  afterAll(() => site?.destroy());

  it('lists every running process with its name, heartbeat and versions', async () => {
    const body = await eventually((s) => s.online_workers.length === 2);
    expect(body.online_api_apps.map((app) => app.name)).toEqual([`${api.pid}@${hostname()}`]);
    expect(body.online_content_apps.map((app) => app.name)).toEqual([`${content.pid}@${hostname()}`]);
    expect(body.online_workers.map((worker) => Number(worker.name.split('@')[0])).sort()).toEqual(
      workers.map((worker) => worker.pid).sort(),
    );
    for (const worker of body.online_workers) {
      expect(worker.versions).toEqual({ core: '3.102.0', file: '3.102.0' });
      expect(Date.now() - Date.parse(worker.last_heartbeat)).toBeLessThan(WORKER_TTL * 1000 + 2000);
    }
  });

  it('reports versions, database, redis, storage and content settings', async () => {
    const body = await status();
    expect(body.versions).toEqual([
      { component: 'core', version: '3.102.0', package: 'pulpcore', module: 'pulpcore.app', domain_compatible: true },
      { component: 'file', version: '3.102.0', package: 'pulpcore', module: 'pulp_file.app', domain_compatible: true },
    ]);
    expect(body.database_connection).toEqual({ connected: true });
    expect(body.redis_connection).toEqual({ connected: false });
    expect(body.storage.total).toBeGreaterThan(0);
    expect(body.storage.used + body.storage.free).toBeLessThanOrEqual(body.storage.total);
    expect(body.content_settings).toEqual({
      content_origin: 'http://content.example:24816',
      content_path_prefix: '/pulp/content/',
    });
    expect(body.domain_enabled).toBe(false);
  });

  it('drops a worker killed with SIGKILL once WORKER_TTL has passed, and its row is cleaned up', async () => {
    const [victim, survivor] = workers;
    await victim.stop('SIGKILL');
    const killedAt = Date.now();
    const body = await eventually((s) => s.online_workers.length === 1, (WORKER_TTL + 5) * 1000);
    expect(body.online_workers.map((worker) => worker.name)).toEqual([
      expect.stringMatching(new RegExp(`^${survivor.pid}@`)),
    ]);
    // Not before the TTL: a missed beat or two must not make a worker vanish.
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual((WORKER_TTL - 1) * 1000);
    const deadline = Date.now() + 10_000;
    let rows = await site.query('SELECT name FROM core_appstatus WHERE name LIKE $1', [`${victim.pid}@%`]);
    while (rows.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      rows = await site.query('SELECT name FROM core_appstatus WHERE name LIKE $1', [`${victim.pid}@%`]);
    }
    expect(rows).toEqual([]);
  });

  it('removes the row of a process stopped cleanly, at once', async () => {
    const [, survivor] = workers;
    await survivor.stop('SIGTERM');
    expect((await survivor.exited).code).toBe(0);
    const rows = await site.query("SELECT name FROM core_appstatus WHERE app_type = 'worker'");
    expect(rows).toEqual([]);
    expect((await status()).online_workers).toEqual([]);
  });

  it('names a worker after --name-template and writes --pid', async () => {
    const pidFile = join(site.dir, 'worker.pid');
    const named = await site.start('worker', {
      args: ['--name-template', 'reporter-{pid}@{hostname}', '--pid', pidFile],
    });
    expect(readFileSync(pidFile, 'utf8').trim()).toBe(String(named.pid));
    const name = new RegExp(`^reporter-${named.pid}@`);
    const body = await eventually((s) => s.online_workers.some((worker) => name.test(worker.name)));
    expect(body.online_workers.map((worker) => worker.name)).toContainEqual(expect.stringMatching(name));
    await named.stop();
  });

  it('answers HEAD and GET on the content root', async () => {
    const head = await fetch(`${content.baseUrl}/pulp/content/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const get = await fetch(`${content.baseUrl}/pulp/content/`);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await get.text()).toContain('Index of /pulp/content/');
  });

  it('answers livez without credentials', async () => {
    expect((await fetch(`${api.baseUrl}/pulp/api/v3/livez/`)).status).toBe(200);
  });
});
