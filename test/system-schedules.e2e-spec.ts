import type { Pool } from 'pg';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { pollUntil } from './support/poll';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

describe('built-in task schedules', () => {
  let site: TestSite;
  let client: ApiClient;
  let pool: Pool;
  let queue: TaskQueue;

  const schedules = async () =>
    Object.fromEntries(((await client.call(`${API}task-schedules/`)).body.results as Json[]).map((s) => [s.name, s]));
  const finished = (id: string) =>
    pollUntil(
      async () => (await client.call(`${API}tasks/${id}/`)).body as Json,
      (task) => ['completed', 'failed'].includes(task.state),
    );

  beforeAll(async () => {
    ({ site, client } = await adminSite({}, { worker: false }));
    pool = site.pool(2);
    queue = new TaskQueue(pool, site.encryption);
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
  });

  it('are created from the settings when a worker starts, and removed when disabled', async () => {
    const worker = await site.start('worker', {
      env: { PULP_UPLOAD_PROTECTION_TIME: '30', PULP_TASK_PROTECTION_TIME: '0' },
    });
    const enabled = await schedules();
    expect(Object.keys(enabled).sort()).toEqual([
      'Clean up stale content periodically',
      'Clean up stale uploads periodically',
    ]);
    expect(enabled['Clean up stale uploads periodically']).toMatchObject({
      task_name: 'pulpcore.app.tasks.orphan.upload_cleanup',
      dispatch_interval: '00:30:00',
    });
    expect(enabled['Clean up stale content periodically']).toMatchObject({
      task_name: 'pulpcore.app.tasks.orphan.orphan_cleanup',
      dispatch_interval: '1 00:00:00',
    });
    // The first run is one interval away, not at start-up.
    expect(Date.parse(enabled['Clean up stale uploads periodically'].next_dispatch)).toBeGreaterThan(
      Date.now() + 25 * 60_000,
    );
    await worker.stop();

    await site.start('worker', { env: { PULP_UPLOAD_PROTECTION_TIME: '0', PULP_TASK_PROTECTION_TIME: '60' } });
    const changed = await schedules();
    expect(Object.keys(changed).sort()).toEqual([
      'Clean up stale content periodically',
      'Clean up stale tasks periodically',
    ]);
    expect(changed['Clean up stale tasks periodically'].dispatch_interval).toBe('01:00:00');
  });

  it('upload cleanup deletes uploads older than UPLOAD_PROTECTION_TIME, with their chunks', async () => {
    const stale = (await client.send(`${API}uploads/`, { size: 3 })).body.pulp_href as string;
    await client.sendForm(stale, 'abc', {}, { method: 'PUT', headers: { 'content-range': 'bytes 0-2/3' } });
    const fresh = (await client.send(`${API}uploads/`, { size: 3 })).body.pulp_href as string;
    await site.query("UPDATE core_upload SET pulp_created = now() - interval '2 hours' WHERE pulp_id = $1", [
      stale.split('/').at(-2),
    ]);
    const { id } = await queue.dispatch('pulpcore.app.tasks.orphan.upload_cleanup', {
      kwargs: { protection_time: 60 },
    });
    const task = await finished(id);
    expect(task.state).toBe('completed');
    expect((await client.call(stale)).status).toBe(404);
    expect((await client.call(fresh)).status).toBe(200);
    expect(Number((await site.query('SELECT count(*) AS n FROM core_uploadchunk'))[0].n)).toBe(0);
  });

  it('a scheduled purge keeps the tasks finished within the protection time', async () => {
    const { id: old } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    await finished(old);
    await site.query("UPDATE core_task SET finished_at = now() - interval '2 hours' WHERE pulp_id = $1", [old]);
    const { id: recent } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    await finished(recent);
    const { id: purge } = await queue.dispatch('pulpcore.app.tasks.purge.purge', {
      kwargs: { protection_time: 60, states: ['completed', 'failed', 'canceled'] },
    });
    expect((await finished(purge)).state).toBe('completed');
    expect((await client.call(`${API}tasks/${old}/`)).status).toBe(404);
    expect((await client.call(`${API}tasks/${recent}/`)).status).toBe(200);
  });
});
