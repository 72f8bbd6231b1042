import type { Pool } from 'pg';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const admin = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };

describe('the task API (tasks_read, tasks_cancel, tasks_delete)', () => {
  let site: TestSite;
  let pool: Pool;
  let queue: TaskQueue;
  let api: PulpProcess;

  const href = (id: string) => `/pulp/api/v3/tasks/${id}/`;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${api.baseUrl}${path}`, {
      ...init,
      headers: { ...admin, 'content-type': 'application/json', ...init.headers },
    });
  const show = async (id: string) => (await (await call(href(id))).json()) as Record<string, any>;
  const until = (id: string, states: string[]) =>
    pollUntil(
      () => show(id),
      (task) => states.includes(task.state),
    );

  beforeAll(async () => {
    site = await TestSite.create();
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    pool = site.pool(2);
    queue = new TaskQueue(pool, site.encryption);
    [api] = await Promise.all([site.start('api'), site.start('worker')]);
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
  });

  it('shows a task with every field of Pulp’s task body', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.echo', {
      kwargs: { a: 1 },
      exclusiveResources: ['r1'],
    });
    const task = await until(id, ['completed']);
    expect(task).toEqual({
      pulp_href: href(id),
      prn: `prn:core.task:${id}`,
      pulp_created: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      pulp_last_updated: expect.any(String),
      state: 'completed',
      name: 'pulpcore.app.tasks.test.echo',
      logging_cid: '',
      created_by: null,
      unblocked_at: expect.any(String),
      started_at: expect.any(String),
      finished_at: expect.any(String),
      error: null,
      worker: null,
      parent_task: null,
      child_tasks: [],
      task_group: null,
      progress_reports: [],
      created_resources: [],
      reserved_resources_record: ['r1', expect.stringMatching(/^shared:prn:core\.domain:[0-9a-f-]{36}$/)],
      result: { a: 1 },
    });
  });

  it('says why a waiting task waits: the earlier task and the resource it holds', async () => {
    const { id: first } = await queue.dispatch('pulpcore.app.tasks.test.sleep', {
      args: [60],
      exclusiveResources: ['repo-x'],
    });
    const { id: second } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', { sharedResources: ['repo-x'] });
    await until(first, ['running']);
    expect((await show(second)).x_blocked_by).toEqual([{ task: href(first), resource: 'repo-x' }]);
    expect((await show(first)).x_blocked_by).toBeUndefined();
    await queue.cancel(first);
    expect((await until(second, ['completed'])).x_blocked_by).toBeUndefined();
  });

  it('shows the minimal task with minimal=true, and refuses a minimal that is no boolean', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    const minimal = await (await call(`${href(id)}?minimal=true`)).json();
    expect(Object.keys(minimal as object)).not.toContain('reserved_resources_record');
    expect(minimal).toMatchObject({ pulp_href: href(id), name: 'pulpcore.app.tasks.test.dummy_task' });
    const refused = await call(`${href(id)}?minimal=maybe`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ minimal: ['Must be a valid boolean.'] });
  });

  it('selects fields', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    expect(await (await call(`${href(id)}?fields=state,name&fields=pulp_href&exclude_fields=name`)).json()).toEqual({
      pulp_href: href(id),
      state: expect.any(String),
    });
  });

  it('cancels a running task: 200 while canceling, then canceled; 409 with the task once finished', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.spin', { args: [60] });
    await until(id, ['running']);
    const canceling = await call(href(id), { method: 'PATCH', body: JSON.stringify({ state: 'canceled' }) });
    expect(canceling.status).toBe(200);
    expect(((await canceling.json()) as { state: string }).state).toMatch(/^cancel(ing|ed)$/);
    expect((await until(id, ['canceled'])).state).toBe('canceled');

    const { id: done } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    await until(done, ['completed']);
    const conflict = await call(href(done), { method: 'PATCH', body: JSON.stringify({ state: 'canceled' }) });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ pulp_href: href(done), state: 'completed' });
  });

  it('accepts a form-encoded cancel, as pulp-glue may send it', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.sleep', { args: [60] });
    await until(id, ['running']);
    const response = await call(href(id), {
      method: 'PATCH',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'state=canceled',
    });
    expect(response.status).toBe(200);
    expect((await until(id, ['canceled'])).state).toBe('canceled');
  });

  it.each([
    [{ state: 'completed' }, { state: ["The only acceptable value for 'state' is 'canceled'."] }],
    [{}, { state: ['This field is required.'] }],
  ])('refuses the cancel body %j with 400, changing nothing', async (body, answer) => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    await until(id, ['completed']);
    const response = await call(href(id), { method: 'PATCH', body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(answer);
    expect((await show(id)).state).toBe('completed');
  });

  it.each(['00000000-0000-7000-8000-000000000000', 'not-a-uuid'])('answers 404 for task %s', async (id) => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const response = await call(href(id), { method, body: method === 'PATCH' ? '{"state":"canceled"}' : undefined });
      expect(response.status).toBe(404);
      expect(Object.keys((await response.json()) as object)).toEqual(['detail']);
    }
  });

  it('deletes a finished task, and refuses to delete an unfinished one with 409', async () => {
    const { id: running } = await queue.dispatch('pulpcore.app.tasks.test.sleep', { args: [60] });
    await until(running, ['running']);
    expect((await call(href(running), { method: 'DELETE' })).status).toBe(409);
    expect((await show(running)).state).toBe('running');
    await queue.cancel(running);
    await until(running, ['canceled']);
    expect((await call(href(running), { method: 'DELETE' })).status).toBe(204);
    expect((await call(href(running))).status).toBe(404);
  });

  it('refuses a malformed JSON body with 400 and DRF’s wording', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    const response = await call(href(id), { method: 'PATCH', body: '{"state": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^JSON parse error - /);
  });

  it('purges the finished tasks of the states asked, older than asked, in a task', async () => {
    const ids = await Promise.all(
      ['pulpcore.app.tasks.test.dummy_task', 'pulpcore.app.tasks.test.fail', 'pulpcore.app.tasks.test.dummy_task'].map(
        async (name) => (await queue.dispatch(name)).id,
      ),
    );
    for (const id of ids) {
      await until(id, ['completed', 'failed']);
    }
    const [oldCompleted, oldFailed, recentCompleted] = ids;
    await site.query("UPDATE core_task SET finished_at = now() - interval '40 days' WHERE pulp_id = ANY($1)", [
      [oldCompleted, oldFailed],
    ]);

    const response = await call('/pulp/api/v3/tasks/purge/', { method: 'POST', body: JSON.stringify({}) });
    expect(response.status).toBe(202);
    const { task } = (await response.json()) as { task: string };
    expect(
      Object.keys((await (await call('/pulp/api/v3/tasks/purge/', { method: 'POST', body: '{}' })).json()) as object),
    ).toEqual(['task']);
    const purge = await pollUntil(
      async () => (await (await call(task)).json()) as Record<string, any>,
      (body) => body.state === 'completed',
    );
    expect(purge.progress_reports).toEqual([
      expect.objectContaining({ code: 'purge.tasks.total', state: 'completed', total: 1, done: 1 }),
    ]);
    expect((await call(href(oldCompleted))).status).toBe(404);
    expect((await call(href(oldFailed))).status).toBe(200);
    expect((await call(href(recentCompleted))).status).toBe(200);

    const failedToo = await call('/pulp/api/v3/tasks/purge/', {
      method: 'POST',
      body: JSON.stringify({ finished_before: new Date().toISOString(), states: ['failed'] }),
    });
    const failedPurge = ((await failedToo.json()) as { task: string }).task;
    const purged = await pollUntil(
      async () => (await (await call(failedPurge)).json()) as Record<string, any>,
      (body) => body.state === 'completed',
    );
    expect(purged.state).toBe('completed');
    expect((await call(href(oldFailed))).status).toBe(404);
  });

  it.each([
    [{ states: ['running'] }, { states: ['"running" is not a valid choice.'] }],
    // DRF's ListField takes a JSON list only (a form's single value is a list of one).
    [{ states: 'completed' }, { states: ['Expected a list of items but got type "str".'] }],
    [{ states: { completed: 1 } }, { states: ['Expected a list of items but got type "dict".'] }],
    [{ states: ['completed'] }, undefined],
    [{ finished_before: 'yesterday' }, { finished_before: [expect.stringContaining('Datetime has wrong format')] }],
  ])('validates the purge body %j', async (body, errors) => {
    const response = await call('/pulp/api/v3/tasks/purge/', { method: 'POST', body: JSON.stringify(body) });
    if (errors === undefined) {
      expect(response.status).toBe(202);
    } else {
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(errors);
    }
  });

  it('requires credentials', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    expect((await fetch(`${api.baseUrl}${href(id)}`)).status).toBe(401);
  });
});
