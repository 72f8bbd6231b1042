import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { parse } from 'protobufjs';
import { ANALYTICS_PROTO } from '../libs/analytics/src/analytics-payload';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const SCHEDULE = 'Post Anonymous Analytics Periodically';
const TASK = 'pulpcore.app.tasks.analytics.post_analytics';
/** More than one housekeeping period of the workers (WORKER_TTL 6 s: a pass every 2 s). */
const HOUSEKEEPING_PASS_MS = 3_000;
const Analytics = parse(ANALYTICS_PROTO).root.lookupType('Analytics');

/** How the receiver answers: a status, or never. */
type Mode = number | 'hang';

/** A receiver of analytics on 127.0.0.1: what it got, decoded with the .proto, and how it answers. */
class Receiver {
  mode: Mode = 204;
  readonly payloads: Array<Record<string, unknown>> = [];
  readonly contentTypes: Array<string | undefined> = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.contentTypes.push(request.headers['content-type']);
      this.payloads.push(Analytics.toObject(Analytics.decode(Buffer.concat(chunks))));
      if (this.mode !== 'hang') {
        response.writeHead(this.mode).end();
      }
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Cuts the connections it left hanging. */
  dropConnections(): void {
    this.server.closeAllConnections();
  }

  close(): Promise<unknown> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
}

describe('anonymous analytics', () => {
  const receiver = new Receiver();
  let site: TestSite;
  let pool: Pool;
  let queue: TaskQueue;
  let workers: PulpProcess[] = [];

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const workerOutput = () => workers.map((worker) => worker.output).join('\n');
  const scheduleRows = () =>
    site.query<{ task_name: string; interval: number }>(
      'SELECT task_name, extract(epoch FROM dispatch_interval)::int AS interval FROM core_taskschedule WHERE name = $1',
      [SCHEDULE],
    );
  const analyticsTasks = () =>
    site.query<{ pulp_id: string; state: string }>(
      'SELECT pulp_id, state FROM core_task WHERE name = $1 ORDER BY pulp_created',
      [TASK],
    );
  const finished = (state: string) => ['completed', 'failed', 'canceled'].includes(state);
  /** The next period is due now: the schedule row's next dispatch goes into the past. */
  const forceNextPeriod = () =>
    site.query("UPDATE core_taskschedule SET next_dispatch = now() - interval '1 second' WHERE name = $1", [SCHEDULE]);
  const receivedCount = (count: number) =>
    pollUntil(
      () => Promise.resolve(receiver.payloads.length),
      (n) => n >= count,
    );
  const startWorkers = async (env: NodeJS.ProcessEnv = {}) => {
    workers = await Promise.all([1, 2, 3].map(() => site.start('worker', { env })));
  };
  const stopWorkers = () => Promise.all(workers.map((worker) => worker.stop()));
  const count = async (sql: string) => Number((await site.query<{ n: string }>(sql))[0].n);

  beforeAll(async () => {
    const url = await receiver.listen();
    // Housekeeping (and so the schedule pass) every 2 s; credentials and a query the logs must not show.
    site = await TestSite.create({
      ANALYTICS: true,
      ANALYTICS_URL: url.replace('http://', 'http://collector:hunter2@') + '/submit/?token=sekrit',
      WORKER_TTL: 6,
    });
    pool = site.pool(2);
    queue = new TaskQueue(pool, site.encryption);
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    await site.query("INSERT INTO auth_user (username, password) VALUES ('alice', '!')");
    await site.query("INSERT INTO auth_group (name) VALUES ('ops'), ('devs')");
    await site.query("INSERT INTO core_role (pulp_id, name) VALUES (gen_random_uuid(), 'my.custom')");
    await site.query(
      'UPDATE core_accesspolicy SET customized = true WHERE pulp_id = (SELECT pulp_id FROM core_accesspolicy LIMIT 1)',
    );
    // Content apps as their heartbeats leave them, one under a WORKER_NAME_TEMPLATE without '@',
    // and one gone silent (not counted).
    await site.query(
      `INSERT INTO core_appstatus (pulp_id, pulp_created, pulp_last_updated, app_type, name, versions, ttl, last_heartbeat)
       SELECT gen_random_uuid(), now(), now(), 'content', n, '{}', interval '1 hour', beat
         FROM (VALUES ('1@web-a', now()), ('2@web-a', now()), ('content-b', now()),
                      ('3@web-z', now() - interval '2 hours')) AS apps(n, beat)`,
    );
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
    await receiver.close();
  });

  it('gives the installation one system id at migrate, which never changes and stays alone', async () => {
    const ids = await site.query<{ pulp_id: string }>('SELECT pulp_id FROM core_systemid');
    expect(ids).toHaveLength(1);
    expect(ids[0].pulp_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect((await site.manager(['migrate'])).code).toBe(0);
    expect(await site.query('SELECT pulp_id FROM core_systemid')).toEqual(ids);
    await expect(site.query('INSERT INTO core_systemid (pulp_id) VALUES (gen_random_uuid())')).rejects.toThrow(
      /core_systemid_singleton/,
    );
  });

  it('`analytics --dry-run` prints the payload as one line of JSON; nothing is sent', async () => {
    const { code, output } = await site.manager(['analytics', '--dry-run']);
    expect(code).toBe(0);
    const line = output.split('\n').find((text) => text.startsWith('{'));
    const shown = JSON.parse(line!) as Record<string, unknown>;
    const [{ pulp_id: systemId }] = await site.query<{ pulp_id: string }>('SELECT pulp_id FROM core_systemid');
    expect(Object.keys(shown)).toEqual([
      'systemId',
      'onlineContentApps',
      'onlineWorkers',
      'components',
      'postgresqlVersion',
      'rbacStats',
    ]);
    expect(shown).toMatchObject({
      systemId,
      onlineContentApps: { processes: 3, hosts: 2 },
      onlineWorkers: { processes: 0, hosts: 0 },
      rbacStats: { users: 2, groups: 2, domains: 0, customAccessPolicies: 1, customRoles: 1 },
    });
    expect(receiver.payloads).toHaveLength(0);

    const refused = await site.manager(['analytics']);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('Only --dry-run is supported');
  });

  it('three workers post exactly one payload per period, the database counts', async () => {
    await startWorkers();
    expect(await scheduleRows()).toEqual([{ task_name: TASK, interval: 86_400 }]);

    await forceNextPeriod();
    await receivedCount(1);
    // Every worker has had a schedule pass since (housekeeping every WORKER_TTL / 3 = 2 s): still one.
    await sleep(HOUSEKEEPING_PASS_MS);
    expect(receiver.payloads).toHaveLength(1);
    expect(receiver.contentTypes).toEqual(['application/octet-stream']);

    const [{ pulp_id: systemId }] = await site.query<{ pulp_id: string }>('SELECT pulp_id FROM core_systemid');
    const [{ version }] = await site.query<{ version: string }>(
      "SELECT current_setting('server_version_num') AS version",
    );
    const [{ versions }] = await site.query<{ versions: Record<string, string> }>(
      "SELECT versions FROM core_appstatus WHERE app_type = 'worker' LIMIT 1",
    );
    expect(receiver.payloads[0]).toEqual({
      systemId,
      onlineContentApps: { processes: 3, hosts: 2 },
      // The three workers run on this one machine.
      onlineWorkers: { processes: 3, hosts: 1 },
      components: Object.entries(versions).map(([name, componentVersion]) => ({ name, version: componentVersion })),
      postgresqlVersion: Number(version),
      rbacStats: {
        users: await count('SELECT count(*) AS n FROM auth_user'),
        groups: await count('SELECT count(*) AS n FROM auth_group'),
        domains: 0,
        customAccessPolicies: await count('SELECT count(*) AS n FROM core_accesspolicy WHERE customized'),
        customRoles: await count('SELECT count(*) AS n FROM core_role WHERE NOT locked'),
      },
    });
    expect(receiver.payloads[0]).toMatchObject({ rbacStats: { users: 2, groups: 2, customRoles: 1 } });
    const tasks = await pollUntil(analyticsTasks, (rows) => rows.every((row) => finished(row.state)));
    expect(tasks.map((task) => task.state)).toEqual(['completed']);
    expect(workerOutput()).toMatch(
      /Submitted anonymous analytics to http:\/\/127\.0\.0\.1:\d+\/submit\/: \{"systemId"/,
    );
    expect(workerOutput()).not.toMatch(/sekrit|hunter2|collector/);

    await forceNextPeriod();
    await receivedCount(2);
    await sleep(HOUSEKEEPING_PASS_MS);
    expect(receiver.payloads).toHaveLength(2);
    expect(receiver.payloads[1].systemId).toBe(systemId);
  });

  it('a receiver answering 500 is logged; the task completes and the workers stay up', async () => {
    receiver.mode = 500;
    await forceNextPeriod();
    await receivedCount(3);
    const tasks = await pollUntil(analyticsTasks, (rows) => rows.length === 3 && finished(rows[2].state));
    expect(tasks[2].state).toBe('completed');
    await pollUntil(
      () => Promise.resolve(workerOutput()),
      (text) => text.includes('failed (status 500)'),
    );
    expect(workerOutput()).toMatch(
      /Sending anonymous analytics to http:\/\/127\.0\.0\.1:\d+\/submit\/ failed \(status 500\)/,
    );
    expect(workers.every((worker) => worker.child.exitCode === null)).toBe(true);
    expect(await count("SELECT count(*) AS n FROM core_appstatus WHERE app_type = 'worker'")).toBe(3);
  });

  it('a receiver that never answers holds only its task: others run, and the task completes once cut off', async () => {
    receiver.mode = 'hang';
    await forceNextPeriod();
    await receivedCount(4);
    const [, , , hanging] = await pollUntil(analyticsTasks, (rows) => rows[3]?.state === 'running');
    expect(hanging.state).toBe('running');

    const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    const other = await pollUntil(
      async () => (await site.query<{ state: string }>('SELECT state FROM core_task WHERE pulp_id = $1', [id]))[0],
      (row) => row.state === 'completed',
    );
    expect(other.state).toBe('completed');
    expect((await analyticsTasks())[3].state).toBe('running');

    receiver.dropConnections();
    const [, , , ended] = await pollUntil(analyticsTasks, (rows) => finished(rows[3].state));
    expect(ended.state).toBe('completed');
    await pollUntil(
      () => Promise.resolve(workerOutput()),
      (text) => text.match(/Sending anonymous analytics to \S+ failed/g)?.length === 2,
    );
    // Each worker's output is in one piece: their order is not the order of the posts.
    expect(
      workerOutput()
        .match(/Sending anonymous analytics to \S+ failed \((.*?)\)/g)
        ?.sort(),
    ).toEqual([expect.stringContaining('other side closed'), expect.stringContaining('status 500')]);
    expect(workers.every((worker) => worker.child.exitCode === null)).toBe(true);
    receiver.mode = 204;
  });

  const runTask = async () => {
    const { id } = await queue.dispatch(TASK);
    return pollUntil(
      async () => (await site.query<{ state: string }>('SELECT state FROM core_task WHERE pulp_id = $1', [id]))[0],
      (row) => finished(row.state),
    );
  };

  it('ANALYTICS=False removes the schedule: three workers post nothing, not even a run left queued', async () => {
    await stopWorkers();
    const before = receiver.payloads.length;
    await startWorkers({ PULP_ANALYTICS: 'false' });
    expect(await scheduleRows()).toEqual([]);
    await sleep(HOUSEKEEPING_PASS_MS);
    // A run dispatched while analytics was on (here: by hand) sends nothing either.
    expect((await runTask()).state).toBe('completed');
    expect(receiver.payloads).toHaveLength(before);
    expect(workerOutput()).toContain('ANALYTICS is off: nothing collected, nothing sent.');
    expect((await analyticsTasks()).every((task) => finished(task.state))).toBe(true);
  });

  it('without ANALYTICS_URL the payload is only logged, as JSON', async () => {
    await stopWorkers();
    await startWorkers({ PULP_ANALYTICS_URL: 'null' });
    const before = receiver.payloads.length;
    expect((await runTask()).state).toBe('completed');
    const [{ pulp_id: systemId }] = await site.query<{ pulp_id: string }>('SELECT pulp_id FROM core_systemid');
    const logged = /ANALYTICS_URL is not set: anonymous analytics not sent, only logged: (\{.*\})/.exec(workerOutput());
    expect(JSON.parse(logged![1])).toMatchObject({ systemId, onlineWorkers: { processes: 3, hosts: 1 } });
    expect(receiver.payloads).toHaveLength(before);
  });
});
