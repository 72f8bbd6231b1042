import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import { inTransaction } from '../libs/database/src/sql';
import {
  fencedPool,
  LOCK_TASKS_OF_STATUSES,
  runFenced,
  TaskFencedError,
  type TaskOwner,
} from '../libs/tasking/src/task-fence';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { adminSite, type ApiClient, type Json } from './support/api-client';
import { FileFixtures, sha256 } from './support/file-fixtures';
import { createFileRemote } from './support/file-remotes';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import type { TestSite } from './support/test-site';

const WORKER_TTL = 4;
const API = '/pulp/api/v3/';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A task declared dead (its worker missing) must never commit afterwards (docs/tasking.md, "Fencing").
describe('task fencing', () => {
  let site: TestSite;
  let client: ApiClient;

  beforeAll(async () => {
    ({ site, client } = await adminSite({ WORKER_TTL }, { worker: false }));
  });

  afterAll(async () => {
    await site?.destroy();
  });

  describe('a fenced pool', () => {
    let pool: Pool;
    let fenced: ReturnType<typeof fencedPool>;
    let queue: TaskQueue;

    /** A task running for a worker's status row, as a claim leaves it. */
    const runningTask = async (): Promise<TaskOwner> => {
      const appStatusId = randomUUID();
      await site.query(
        `INSERT INTO core_appstatus (pulp_id, pulp_created, pulp_last_updated, app_type, name, versions, ttl, last_heartbeat)
         VALUES ($1, now(), now(), 'worker', $2, '{}', interval '3 seconds', now())`,
        [appStatusId, `fence-${appStatusId}`],
      );
      const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', { exclusiveResources: [randomUUID()] });
      await site.query("UPDATE core_task SET state = 'running', app_lock_id = $2 WHERE pulp_id = $1", [
        id,
        appStatusId,
      ]);
      return { taskId: id, appStatusId };
    };
    /** What a task writes: a progress report of its own, with `code`. */
    const report = (code: string, owner: TaskOwner): [string, unknown[]] => [
      `INSERT INTO core_progressreport (message, code, state, done, task_id) VALUES ('fenced', $1, 'running', 0, $2)`,
      [code, owner.taskId],
    ];
    const reports = async (owner: TaskOwner) =>
      (
        await site.query<{ code: string }>('SELECT code FROM core_progressreport WHERE task_id = $1 ORDER BY code', [
          owner.taskId,
        ])
      ).map((row) => row.code);

    beforeAll(() => {
      pool = site.pool(4);
      fenced = fencedPool(pool);
      queue = new TaskQueue(pool, site.encryption);
    });

    afterAll(async () => {
      await pool?.end();
    });

    it('commits the writes of a task that runs for its worker, in transactions and alone', async () => {
      const owner = await runningTask();
      await runFenced(owner, async () => {
        await inTransaction(fenced, async (sql) => {
          await sql(...report('a', owner));
          await sql(...report('b', owner));
        });
        await fenced.query(...report('c', owner));
      });
      expect(await reports(owner)).toEqual(['a', 'b', 'c']);
    });

    it('refuses every write, whole, once the worker was declared missing or the task canceled', async () => {
      const missing = await runningTask();
      // What the housekeeping of the other workers does: the cascade frees the task's lock.
      await site.query('DELETE FROM core_appstatus WHERE pulp_id = $1', [missing.appStatusId]);
      const canceled = await runningTask();
      await queue.cancel(canceled.taskId);
      for (const owner of [missing, canceled]) {
        await expect(
          runFenced(owner, () =>
            inTransaction(fenced, async (sql) => {
              await sql(...report('a', owner));
              await sql(...report('b', owner));
            }),
          ),
        ).rejects.toBeInstanceOf(TaskFencedError);
        await expect(runFenced(owner, () => fenced.query(...report('c', owner)))).rejects.toBeInstanceOf(
          TaskFencedError,
        );
        expect(await reports(owner)).toEqual([]);
      }
      // Outside a task handler the pool is the pool.
      await fenced.query(...report('d', missing));
      expect(await reports(missing)).toEqual(['d']);
    });

    it('makes declaring the worker missing wait for a write in progress: no race between check and failure', async () => {
      const owner = await runningTask();
      let finish!: () => void;
      const open = new Promise<void>((resolve) => (finish = resolve));
      let checked!: () => void;
      const inside = new Promise<void>((resolve) => (checked = resolve));
      const write = runFenced(owner, () =>
        inTransaction(fenced, async (sql) => {
          checked();
          await open;
          await sql(...report('a', owner));
        }),
      );
      await inside;
      let declared = false;
      // As the housekeeping of the other workers (AppStatusService.removeMissing) declares it missing.
      const declaring = inTransaction(pool, async (sql) => {
        await sql(LOCK_TASKS_OF_STATUSES, [[owner.appStatusId]]);
        await sql('DELETE FROM core_appstatus WHERE pulp_id = $1', [owner.appStatusId]);
      }).then(() => (declared = true));
      await pause(500);
      expect(declared).toBe(false);
      finish();
      await write;
      await declaring;
      expect(await reports(owner)).toEqual(['a']);
      await expect(runFenced(owner, () => fenced.query(...report('b', owner)))).rejects.toBeInstanceOf(TaskFencedError);
    });
  });

  describe('a worker stopped (SIGSTOP) during a sync and resumed (SIGCONT) after it was declared missing', () => {
    let workers: PulpProcess[] = [];
    const FILES = [
      { path: 'a.txt', content: `alpha ${Math.random()}\n` },
      { path: 'b.txt', content: `bravo ${Math.random()}\n` },
      { path: 'c.txt', content: `charlie ${Math.random()}\n` },
    ];

    /** Processes this suite stopped: resumed whatever happens, or they would outlive it (SIGTERM waits while stopped). */
    const stopped: number[] = [];

    afterEach(() => {
      for (const pid of stopped.splice(0)) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // Gone already.
        }
      }
    });

    beforeAll(async () => {
      workers = [site.spawn('worker'), site.spawn('worker')];
      // Generous: a loaded machine starts processes slowly.
      await Promise.all(workers.map((worker) => worker.waitFor(/Worker \S+ started/, 120_000)));
    }, 180_000);

    /** A repository that publishes each version, distributed, syncing from an upstream whose b.txt stalls once. */
    const setUp = async () => {
      const fixtures = await FileFixtures.start({ files: FILES, held: ['b.txt'] });
      const remote = await createFileRemote(client, { url: fixtures.url, policy: 'immediate', max_retries: 0 });
      const repo = await client.send(`${API}repositories/file/file/`, {
        name: `fenced-${randomUUID()}`,
        autopublish: true,
        remote,
      });
      expect(repo.status).toBe(201);
      const distribution = await client.accepted(
        await client.send(`${API}distributions/file/file/`, {
          name: `fenced-${randomUUID()}`,
          base_path: `fenced-${randomUUID()}`,
          repository: repo.body.pulp_href,
        }),
      );
      expect(distribution.state).toBe('completed');
      return { fixtures, repo: repo.body.pulp_href as string, repositoryId: repo.body.pulp_href.split('/').at(-2) };
    };

    const task = async (href: string) => (await client.call(href)).body as Json;

    /**
     * Starts a sync and freezes its worker and task process while b.txt is being downloaded (the
     * version is started, the other files recorded); returns once the task failed as abandoned.
     */
    const stallSync = async (repo: string, fixtures: FileFixtures) => {
      const sync = await client.send(`${repo}sync/`, {});
      expect(sync.status).toBe(202);
      const href = sync.body.task as string;
      await pollUntil(
        () => Promise.resolve(fixtures.requests.get('b.txt') ?? 0),
        (n) => n > 0,
        60_000,
      );
      // Let the rest of the batch settle: the task process now only waits for b.txt, with no
      // transaction open (frozen inside one, it would hold its task's row; see docs/tasking.md).
      await pause(500);
      await pollUntil(
        () =>
          site.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`,
          ),
        (open) => open.length === 0,
        30_000,
      );
      const [{ name }] = await site.query<{ name: string }>(
        `SELECT a.name FROM core_task t JOIN core_appstatus a ON a.pulp_id = t.app_lock_id WHERE t.pulp_id = $1`,
        [href.split('/').at(-2)],
      );
      const owner = workers.find((worker) => name.startsWith(`${worker.pid}@`))!;
      const taskProcess = Number(
        execFileSync('pgrep', ['-P', String(owner.pid)])
          .toString()
          .trim(),
      );
      stopped.push(owner.pid, taskProcess);
      process.kill(owner.pid, 'SIGSTOP');
      process.kill(taskProcess, 'SIGSTOP');
      const failed = await pollUntil(
        () => task(href),
        (body) => body.state === 'failed',
        (WORKER_TTL + 30) * 1000,
      );
      expect(failed.state).toBe('failed');
      expect(failed.error.description).toBe('Worker has gone missing.');
      return { href, owner, name, taskProcess, failed };
    };

    /**
     * Resumes the task process first, lets its download finish and waits until its next write is
     * refused; then resumes the worker, which must find itself declared missing, kill its task
     * process and come back under a new name.
     */
    const resume = async (stalled: Awaited<ReturnType<typeof stallSync>>, fixtures: FileFixtures) => {
      const { owner, name, taskProcess, href } = stalled;
      const from = owner.output.length;
      /** Waits until the worker printed `pattern` since it was resumed; returns the match. */
      const printed = async (pattern: RegExp) => {
        const output = await pollUntil(
          () => Promise.resolve(owner.output.slice(from)),
          (text) => pattern.test(text),
          60_000,
        );
        expect(output).toMatch(pattern);
        return pattern.exec(output)!;
      };
      process.kill(taskProcess, 'SIGCONT');
      fixtures.release();
      await printed(new RegExp(`Task\\[\\S+\\] ${href.split('/').at(-2)} failed \\(TaskFencedError: `));
      process.kill(owner.pid, 'SIGCONT');
      const [, renamed] = await printed(new RegExp(`${escape(name)} was declared missing .* re-registered as (\\S+)`));
      expect(renamed).not.toBe(name);
      expect(renamed.startsWith(`${owner.pid}@`)).toBe(true);
      await printed(/was declared missing: its task process is stopped/);
      const online = await pollUntil(
        async () => (await client.call(`${API}workers/?online=true`)).body.results.map((w: Json) => w.name),
        (names: string[]) => names.includes(renamed),
        60_000,
      );
      expect(online).toContain(renamed);
      expect(online).not.toContain(name);
      expect(owner.child.exitCode).toBeNull();
      // The old task process was killed (gone, or dead and not yet reaped).
      expect(await pollUntil(() => Promise.resolve(ended(taskProcess)), Boolean, 30_000)).toBe(true);
    };

    const publications = (repositoryId: string) =>
      site.query<{ number: number }>(
        `SELECT v.number FROM core_publication p JOIN core_repositoryversion v ON v.pulp_id = p.repository_version_id
          WHERE v.repository_id = $1`,
        [repositoryId],
      );

    const versions = async (repositoryId: string) =>
      site.query<{ number: number; complete: boolean }>(
        'SELECT number, complete FROM core_repositoryversion WHERE repository_id = $1 ORDER BY number',
        [repositoryId],
      );

    it('without a retry: the task stays failed, and nothing of it is committed once it was declared dead', async () => {
      const { fixtures, repo, repositoryId } = await setUp();
      try {
        const stalled = await stallSync(repo, fixtures);
        await resume(stalled, fixtures);
        await pause(1000);
        const after = await task(stalled.href);
        expect(after).toMatchObject({ state: 'failed', created_resources: [] });
        expect(after.error.description).toBe('Worker has gone missing.');
        expect((await client.call(repo)).body.latest_version_href).toBe(`${repo}versions/0/`);
        expect((await versions(repositoryId)).filter((version) => version.complete)).toEqual([
          { number: 0, complete: true },
        ]);
        expect(await publications(repositoryId)).toEqual([]);
      } finally {
        await fixtures.close();
      }
    }, 240_000);

    it('with a retry in between: the retry alone makes version 1, complete and right; the first task stays failed', async () => {
      const { fixtures, repo, repositoryId } = await setUp();
      try {
        const stalled = await stallSync(repo, fixtures);
        const retry = await client.accepted(await client.send(`${repo}sync/`, {}));
        expect(retry.state).toBe('completed');
        await resume(stalled, fixtures);
        await pause(1000);
        expect(await task(stalled.href)).toMatchObject({ state: 'failed', created_resources: [] });
        expect(await versions(repositoryId)).toEqual([
          { number: 0, complete: true },
          { number: 1, complete: true },
        ]);
        expect(retry.created_resources).toContain(`${repo}versions/1/`);
        const content = await site.query<{ relative_path: string; digest: string; stored: boolean }>(
          `SELECT fc.relative_path, fc.digest, ca.artifact_id IS NOT NULL AS stored
             FROM core_repositorycontent rc
             JOIN file_filecontent fc ON fc.content_id = rc.content_id
             JOIN core_contentartifact ca ON ca.content_id = rc.content_id
            WHERE rc.repository_id = $1 AND rc.added_number <= 1 AND (rc.removed_number IS NULL OR rc.removed_number > 1)
            ORDER BY fc.relative_path`,
          [repositoryId],
        );
        expect(content).toEqual(
          FILES.map((file) => ({ relative_path: file.path, digest: sha256(file.content), stored: true })),
        );
        expect(await publications(repositoryId)).toEqual([{ number: 1 }]);
      } finally {
        await fixtures.close();
      }
    }, 240_000);
  });
});

/** Whether process `pid` has ended: no longer there, or a zombie its parent has not reaped yet. */
function ended(pid: number): boolean {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
