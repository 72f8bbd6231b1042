import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createKeyFile, DatabaseEncryption, Fernet } from '../libs/database/src/encryption';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

interface TaskRow {
  pulp_id: string;
  state: string;
  result: unknown;
  error: Record<string, string | null> | null;
  started_at: Date | null;
  finished_at: Date | null;
  pulp_created: Date;
  reserved_resources_record: string[];
}

const WORKER_TTL = 3;

describe('the tasking system, with real workers', () => {
  let site: TestSite;
  let pool: Pool;
  let queue: TaskQueue;
  let workers: PulpProcess[];

  const task = async (id: string) => (await site.query<TaskRow>('SELECT * FROM core_task WHERE pulp_id = $1', [id]))[0];

  /** Polls until the task reaches one of `states` (or `ms` pass) and returns it. */
  const settled = (id: string, states = ['completed', 'failed', 'canceled'], ms = 30_000) =>
    pollUntil(
      () => task(id),
      (row) => states.includes(row.state),
      ms,
    );

  beforeAll(async () => {
    site = await TestSite.create({ WORKER_TTL });
    pool = site.pool(4);
    queue = new TaskQueue(pool, site.encryption);
    workers = await Promise.all([site.start('worker'), site.start('worker')]);
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
  });

  it('runs a task and keeps its result, timestamps and correlation id', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.echo', { kwargs: { answer: 42 } });
    const row = await settled(id);
    expect(row).toMatchObject({ state: 'completed', result: { answer: 42 }, error: null });
    expect(row.started_at!.getTime()).toBeGreaterThanOrEqual(row.pulp_created.getTime() - 5);
    expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at!.getTime());
    // Dispatched outside a request: the task's log lines carry its own id as correlation id.
    const cid = id.replaceAll('-', '');
    await pollUntil(
      () => Promise.resolve(workers.map((worker) => worker.output).join('\n')),
      (logs) => logs.includes(`pulp [${cid}]: tasking:INFO: Task completed ${id} `),
    );
    expect(workers.map((worker) => worker.output).join('\n')).toContain(
      `pulp [${cid}]: tasking:INFO: Starting task id: ${id} and name: pulpcore.app.tasks.test.echo`,
    );
  });

  it("stores task arguments as Fernet tokens under the key file's first key, and opens them for the task", async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.echo', {
      args: ['ARG-SECRET'],
      kwargs: { pw: 'KW-SECRET' },
    });
    expect((await settled(id)).result).toEqual({ pw: 'KW-SECRET' });
    const [row] = await site.query<{ text: string }>(
      // All but the result, which is echo's kwargs.
      "SELECT (to_jsonb(t) - 'result')::text AS text FROM core_task t WHERE pulp_id = $1",
      [id],
    );
    expect(row.text).not.toMatch(/ARG-SECRET|KW-SECRET/);
    const [stored] = await site.query<{ enc_args: string; enc_kwargs: string }>(
      'SELECT enc_args, enc_kwargs FROM core_task WHERE pulp_id = $1',
      [id],
    );
    const key = new Fernet(readFileSync(site.keyFile, 'utf8').trim());
    expect(JSON.parse(key.decrypt(stored.enc_args).toString())).toEqual(['ARG-SECRET']);
    expect(JSON.parse(key.decrypt(stored.enc_kwargs).toString())).toEqual({ pw: 'KW-SECRET' });
  });

  it('fails a task whose arguments no key of its worker opens, without running it', async () => {
    const otherKey = join(site.dir, 'another.key');
    createKeyFile(otherKey);
    const { id } = await new TaskQueue(pool, new DatabaseEncryption(otherKey)).dispatch(
      'pulpcore.app.tasks.test.echo',
      { kwargs: { answer: 42 } },
    );
    const row = await settled(id);
    expect(row.state).toBe('failed');
    expect(row.result).toBeNull();
    expect(row.error!.description).toMatch(
      /could not be decrypted: altered, or encrypted under a key not in the key file/,
    );
  });

  it('records a failure with description, traceback and code', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.fail', { args: ['boom'] });
    const row = await settled(id);
    expect(row.state).toBe('failed');
    expect(row.error).toMatchObject({ description: 'boom', error_code: 'PLP0099' });
    expect(row.error!.traceback).toContain('boom');
  });

  it('fails a task no handler knows, without harming the worker', async () => {
    const { id } = await queue.dispatch('pulp_nothing.app.tasks.nothing');
    expect((await settled(id)).error!.description).toContain('no handler for task pulp_nothing.app.tasks.nothing');
    const { id: next } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    expect((await settled(next)).state).toBe('completed');
  });

  it('fails a task whose task process dies, and goes on with the next task in a new one', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.crash', { args: [3], exclusiveResources: ['crash'] });
    const { id: next } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', { exclusiveResources: ['crash'] });
    const row = await settled(id);
    expect(row.state).toBe('failed');
    expect(row.error!.description).toBe('Task process died unexpectedly with exitcode 3.');
    expect((await settled(next)).state).toBe('completed');
  });

  it('cancels a waiting task at once', async () => {
    const { id: blocker } = await queue.dispatch('pulpcore.app.tasks.test.sleep', {
      args: [2],
      exclusiveResources: ['cancel-w'],
    });
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', { exclusiveResources: ['cancel-w'] });
    expect(await queue.cancel(id)).toBe('canceling');
    const row = await settled(id, ['canceled', 'completed'], 10_000);
    expect(row.state).toBe('canceled');
    expect(row.started_at).toBeNull();
    expect((await settled(blocker)).state).toBe('completed');
  });

  it.each([
    ['a cooperative task', 'pulpcore.app.tasks.test.sleep'],
    ['a CPU-bound task that never yields', 'pulpcore.app.tasks.test.spin'],
  ])('cancels %s while it runs, within seconds', async (_kind, name) => {
    const { id } = await queue.dispatch(name, { args: [60] });
    await settled(id, ['running']);
    const asked = Date.now();
    expect(await queue.cancel(id)).toBe('canceling');
    const row = await settled(id, ['canceled', 'completed', 'failed'], 10_000);
    expect(row.state).toBe('canceled');
    expect(Date.now() - asked).toBeLessThan(5000);
    const { id: next } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    expect((await settled(next)).state).toBe('completed');
  });

  it('rolls back the partial work of a canceled task', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.partial_work', { args: [60] });
    await settled(id, ['running']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await queue.cancel(id);
    expect((await settled(id, ['canceled'], 10_000)).state).toBe('canceled');
    expect(await site.query('SELECT code FROM core_progressreport WHERE task_id = $1', [id])).toEqual([]);
  });

  it('fails the task of a worker killed with SIGKILL after WORKER_TTL, and lets the queue behind it go', async () => {
    const extra = await site.start('worker');
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.sleep', {
      args: [120],
      exclusiveResources: ['doomed'],
    });
    const { id: behind } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', {
      exclusiveResources: ['doomed'],
    });
    await settled(id, ['running']);
    const [{ name }] = await site.query<{ name: string }>(
      'SELECT a.name FROM core_task t JOIN core_appstatus a ON a.pulp_id = t.app_lock_id WHERE t.pulp_id = $1',
      [id],
    );
    const owner = [...workers, extra].find((worker) => name.startsWith(`${worker.pid}@`))!;
    await owner.stop('SIGKILL');
    const killedAt = Date.now();
    const row = await settled(id, ['failed'], (WORKER_TTL + 10) * 1000);
    expect(row.state).toBe('failed');
    expect(row.error).toMatchObject({ description: 'Worker has gone missing.' });
    expect(Date.now() - killedAt).toBeLessThan((WORKER_TTL + 10) * 1000);
    expect((await settled(behind)).state).toBe('completed');
    workers = [...workers, extra].filter((worker) => worker !== owner);
  });

  it('dispatches a schedule once per period, however many workers run', async () => {
    const [{ id: domain }] = await site.query<{ id: string }>(
      "SELECT pulp_id AS id FROM core_domain WHERE name = 'default'",
    );
    const [{ id: schedule, first }] = await site.query<{ id: string; first: Date }>(
      `INSERT INTO core_taskschedule (pulp_id, name, next_dispatch, dispatch_interval, task_name, pulp_domain_id)
       VALUES (pulp_uuid7(), 'every second', now(), interval '1 second', 'pulpcore.app.tasks.test.dummy_task', $1)
       RETURNING pulp_id AS id, next_dispatch AS first`,
      [domain],
    );
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await site.query('UPDATE core_taskschedule SET next_dispatch = NULL WHERE pulp_id = $1', [schedule]);
    const elapsed = (Date.now() - started) / 1000;
    const runs = await site.query<{ pulp_created: Date }>(
      // Nothing else dispatches this task while the test runs.
      `SELECT pulp_created FROM core_task
        WHERE name = 'pulpcore.app.tasks.test.dummy_task' AND pulp_created >= $1 ORDER BY pulp_created`,
      [first],
    );
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed) + 1);
    // Each one-second period of the schedule (counted from its first due time) got at most one run.
    const slots = new Set(runs.map((run) => Math.floor((run.pulp_created.getTime() - first.getTime()) / 1000)));
    expect(slots.size).toBe(runs.length);
  });

  it('runs 500 tasks over 20 resources with 4 workers: each once, in order, never overlapping a conflict', async () => {
    while (workers.length < 4) {
      workers.push(await site.start('worker'));
    }
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) {
      const resource = `stress-${Math.floor(Math.random() * 20)}`;
      const mode = Math.random();
      ids.push(
        (
          await queue.dispatch('pulpcore.app.tasks.test.sleep', {
            args: [Math.random() * 0.01],
            exclusiveResources: mode < 0.4 ? [resource] : [],
            sharedResources: mode >= 0.4 && mode < 0.8 ? [resource] : [],
          })
        ).id,
      );
    }
    const deadline = Date.now() + 120_000;
    let rows = await site.query<TaskRow>('SELECT * FROM core_task WHERE pulp_id = ANY($1) ORDER BY pulp_created', [
      ids,
    ]);
    while (rows.some((row) => row.state !== 'completed') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      rows = await site.query<TaskRow>('SELECT * FROM core_task WHERE pulp_id = ANY($1) ORDER BY pulp_created', [ids]);
    }
    expect(rows.filter((row) => row.state !== 'completed')).toEqual([]);

    // Exactly once: every task was started by exactly one worker.
    const logs = workers.map((worker) => worker.output).join('\n');
    for (const id of ids) {
      expect(logs.split(`Starting task id: ${id} `).length - 1).toBe(1);
    }

    // A conflicting later task starts only after the earlier one finished.
    const uses = (row: TaskRow) =>
      row.reserved_resources_record
        .filter((name) => name.includes('stress-'))
        .map((name) => ({ name: name.replace('shared:', ''), exclusive: !name.startsWith('shared:') }));
    let conflicts = 0;
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const clash = uses(rows[i]).some((a) =>
          uses(rows[j]).some((b) => a.name === b.name && (a.exclusive || b.exclusive)),
        );
        if (clash) {
          conflicts++;
          expect(rows[j].started_at!.getTime()).toBeGreaterThanOrEqual(rows[i].finished_at!.getTime());
        }
      }
    }
    expect(conflicts).toBeGreaterThan(100);
  });
});
