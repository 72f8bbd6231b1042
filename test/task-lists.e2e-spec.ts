import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { ApiClient } from './support/api-client';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const admin = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
const API = '/pulp/api/v3/';

type Json = Record<string, any>;

/** The fields of Pulp's minimal task body, sorted. */
const MINIMAL_TASK_FIELDS = [
  'finished_at',
  'name',
  'prn',
  'pulp_created',
  'pulp_href',
  'pulp_last_updated',
  'started_at',
  'state',
  'unblocked_at',
  'worker',
];
type Page = { count: number; next: string | null; previous: string | null; results: Json[] };

describe('the tasking lists: tasks, workers, task groups and task schedules', () => {
  let site: TestSite;
  let pool: Pool;
  let queue: TaskQueue;
  let api: PulpProcess;
  let worker: PulpProcess;

  const call = (path: string, init: RequestInit = {}) =>
    fetch(path.startsWith('http') ? path : `${api.baseUrl}${path}`, {
      ...init,
      headers: { ...admin, 'content-type': 'application/json', ...init.headers },
    });
  const get = async (path: string) => (await (await call(path)).json()) as Json;
  const page = async (path: string) => (await get(path)) as Page;
  const hrefsOf = async (path: string) => (await page(path)).results.map((task) => task.pulp_href as string);
  const href = (id: string) => `${API}tasks/${id}/`;
  const until = (id: string, states: string[]) =>
    pollUntil(
      () => get(href(id)),
      (task) => states.includes(task.state),
    );

  beforeAll(async () => {
    site = await TestSite.create();
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    pool = site.pool(2);
    queue = new TaskQueue(pool, site.encryption);
    [api, worker] = await Promise.all([site.start('api'), site.start('worker')]);
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
  });

  describe('tasks_list', () => {
    const ids: string[] = [];
    const cid = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

    beforeAll(async () => {
      // Five finished tasks, newest last: echo ×3 (one on repo-a exclusively), fail, and one child.
      for (const [name, options] of [
        [
          'pulpcore.app.tasks.test.echo',
          { exclusiveResources: ['prn:file.filerepository:0198c6a2-3b1e-7c55-9a3e-2f4b0c1d2e3f'] },
        ],
        ['pulpcore.app.tasks.test.echo', { sharedResources: ['repo-b'] }],
        ['pulpcore.app.tasks.test.fail', {}],
        ['pulpcore.app.tasks.test.echo', {}],
      ] as const) {
        const { id } = await queue.dispatch(name, options);
        ids.push(id);
        await until(id, ['completed', 'failed']);
      }
      const { id: child } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', { parentTaskId: ids[0] });
      ids.push(child);
      await until(child, ['completed']);
      await site.query('UPDATE core_task SET logging_cid = $1 WHERE pulp_id = $2', [cid, ids[1]]);
    });

    it('pages newest first with absolute next and previous links', async () => {
      const first = await page(`${API}tasks/?limit=2`);
      expect(first.count).toBe(5);
      expect(first.results.map((task) => task.pulp_href)).toEqual([href(ids[4]), href(ids[3])]);
      expect(first.previous).toBeNull();
      expect(first.next).toBe(`${api.baseUrl}${API}tasks/?limit=2&offset=2`);
      const second = await page(first.next!);
      expect(second.results.map((task) => task.pulp_href)).toEqual([href(ids[2]), href(ids[1])]);
      expect(second.previous).toBe(`${api.baseUrl}${API}tasks/?limit=2`);
      const last = await page(second.next!);
      expect(last.results.map((task) => task.pulp_href)).toEqual([href(ids[0])]);
      expect(last.next).toBeNull();
      // Each result is the full task body.
      expect(last.results[0]).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.test.echo' });
      expect(Object.keys(last.results[0])).toContain('reserved_resources_record');
    });

    it.each([
      ['state=failed', [2]],
      ['state__in=failed,completed&name=pulpcore.app.tasks.test.fail', [2]],
      ['state__ne=completed', [2]],
      ['name__contains=dummy', [4]],
      ['name__in=pulpcore.app.tasks.test.fail,pulpcore.app.tasks.test.dummy_task', [4, 2]],
      ['name__ne=pulpcore.app.tasks.test.echo', [4, 2]],
      [`logging_cid=${cid}`, [1]],
      ['logging_cid__contains=e5f607', [1]],
      ['exclusive_resources=/pulp/api/v3/repositories/file/file/0198c6a2-3b1e-7c55-9a3e-2f4b0c1d2e3f/', [0]],
      ['reserved_resources=repo-b', [1]],
      ['shared_resources__in=repo-b,repo-z', [1]],
      ['exclusive_resources=repo-b', []],
      ['q=name="pulpcore.app.tasks.test.fail" OR NOT state=completed', [2]],
      ['q=NOT name="pulpcore.app.tasks.test.echo" AND state="completed"', [4]],
      ['worker=anything', []],
    ])('filters with %s', async (filter, expected) => {
      expect(await hrefsOf(`${API}tasks/?${filter}`)).toEqual(expected.map((index) => href(ids[index])));
    });

    it('filters on related tasks by href, and on times', async () => {
      expect(await hrefsOf(`${API}tasks/?parent_task=${href(ids[0])}`)).toEqual([href(ids[4])]);
      expect(await hrefsOf(`${API}tasks/?child_tasks=${ids[4]}`)).toEqual([href(ids[0])]);
      // Dates come back at millisecond precision: a millisecond after the third task finished.
      const [third] = await site.query<{ finished_at: Date }>('SELECT finished_at FROM core_task WHERE pulp_id = $1', [
        ids[2],
      ]);
      const after = new Date(third.finished_at.getTime() + 1).toISOString();
      expect(await hrefsOf(`${API}tasks/?started_at__gt=${after}`)).toEqual([4, 3].map((index) => href(ids[index])));
      expect(await hrefsOf(`${API}tasks/?finished_at__isnull=true`)).toEqual([]);
      expect(await hrefsOf(`${API}tasks/?pulp_href__in=${href(ids[1])},${href(ids[3])}`)).toEqual(
        [3, 1].map((index) => href(ids[index])),
      );
      expect(await hrefsOf(`${API}tasks/?prn__in=prn:core.task:${ids[2]}`)).toEqual([href(ids[2])]);
    });

    it('orders by the fields asked', async () => {
      expect(await hrefsOf(`${API}tasks/?ordering=name,pulp_created`)).toEqual(
        [4, 0, 1, 3, 2].map((index) => href(ids[index])),
      );
    });

    it('narrows bodies with fields, exclude_fields and minimal', async () => {
      const [one] = (await page(`${API}tasks/?state=failed&fields=state,name`)).results;
      expect(one).toEqual({ state: 'failed', name: 'pulpcore.app.tasks.test.fail' });
      const [minimal] = (await page(`${API}tasks/?state=failed&minimal=true`)).results;
      expect(Object.keys(minimal).sort()).toEqual(MINIMAL_TASK_FIELDS);
    });

    it.each([
      ['foo=1', { errors: ["Invalid Filter: 'foo'"] }],
      ['state=bogus', { state: ['Select a valid choice. bogus is not one of the available choices.'] }],
      ['state__in=waiting,bogus', { state__in: ['Select a valid choice. bogus is not one of the available choices.'] }],
      ['started_at__gt=yesterday', { started_at__gt: ['Enter a valid date/time.'] }],
      ['ordering=-nope', { ordering: ['Select a valid choice. -nope is not one of the available choices.'] }],
      ['q=name=a AND', { q: ['Syntax error in expression.'] }],
      ['q=nope=1', { q: ["Filter 'nope' does not exist."] }],
      ['parent_task=/pulp/api/v3/tasks/zzz/', { parent_task: ['URI not valid: /pulp/api/v3/tasks/zzz/'] }],
      ['minimal=maybe', { minimal: ['Must be a valid boolean.'] }],
      ['name=no-such-task&minimal=maybe', { minimal: ['Must be a valid boolean.'] }],
    ])('refuses %s with 400 and Pulp’s body', async (filter, body) => {
      const response = await call(`${API}tasks/?${filter}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(body);
    });
  });

  // `pulp task list --resource …` and scripts find the task that made an object by any of its names.
  describe('created_resources', () => {
    let client: ApiClient;
    const FILES = `${API}repositories/file/file/`;
    /** href → the task that created it. */
    const creators = new Map<string, string>();

    const accepted = async (answer: { status: number; body: Json }, count: number) => {
      const task = await client.accepted(answer);
      expect(task).toMatchObject({ state: 'completed', error: null });
      expect(task.created_resources).toHaveLength(count);
      for (const created of task.created_resources as string[]) {
        creators.set(created, task.pulp_href);
      }
      return task;
    };

    beforeAll(async () => {
      client = new ApiClient(api);
      const repository = (await client.send(FILES, { name: 'created' })).body.pulp_href as string;
      // A unit added to a repository: its version, then the unit.
      await accepted(
        await client.sendForm(`${API}content/file/files/`, 'one', { relative_path: 'one.txt', repository }),
        2,
      );
      await accepted(await client.send(`${repository}modify/`, { remove_content_units: ['*'] }), 1);
      const publication = await accepted(
        await client.send(`${API}publications/file/file/`, { repository_version: `${repository}versions/1/` }),
        1,
      );
      await accepted(
        await client.send(`${API}distributions/file/file/`, {
          name: 'created',
          base_path: 'created',
          publication: publication.created_resources[0],
        }),
        1,
      );
      const upload = (await client.send(`${API}uploads/`, { size: 3 })).body.pulp_href as string;
      await client.sendForm(upload, 'two', {}, { method: 'PUT', headers: { 'content-range': 'bytes 0-2/3' } });
      const digest = createHash('sha256').update('two').digest('hex');
      await accepted(await client.send(`${upload}commit/`, { sha256: digest }), 1);
    });

    it('finds the task that created each resource, by its href and by its PRN', async () => {
      const kinds = [...creators.keys()].map((created) => created.slice(API.length).split('/')[0]).sort();
      expect(kinds).toEqual(['artifacts', 'content', 'distributions', 'publications', 'repositories', 'repositories']);
      for (const [created, task] of creators) {
        expect(await hrefsOf(`${API}tasks/?created_resources=${created}`)).toEqual([task]);
        const { prn } = await get(created);
        expect(await hrefsOf(`${API}tasks/?created_resources=${prn}`)).toEqual([task]);
      }
    });

    it('finds what no task of ours creates, too: repositories, remotes and exports', async () => {
      const task = [...creators.values()][0];
      const repository = (await client.send(FILES, { name: 'recorded' })).body as Json;
      const remote = (await client.send(`${API}remotes/file/file/`, { name: 'recorded', url: 'http://example.com/' }))
        .body as Json;
      const [exporter, exported] = [randomUUID(), randomUUID()];
      for (const [prn, path] of [
        [repository.prn, repository.pulp_href.slice(API.length)],
        [remote.prn, remote.pulp_href.slice(API.length)],
        [`prn:core.pulpexport:${exported}`, `exporters/core/pulp/${exporter}/exports/${exported}/`],
      ]) {
        await site.query('INSERT INTO core_createdresource (task_id, prn, api_path) VALUES ($1, $2, $3)', [
          task.split('/').at(-2),
          prn,
          path,
        ]);
      }
      for (const created of [
        repository.pulp_href,
        remote.pulp_href,
        `${API}exporters/core/pulp/${exporter}/exports/${exported}/`,
      ]) {
        expect(await hrefsOf(`${API}tasks/?created_resources=${created}`)).toEqual([task]);
      }
    });

    it('matches nothing for what no task created, and refuses what names nothing', async () => {
      const [version] = [...creators.keys()].filter((created) => created.includes('/versions/'));
      expect(await hrefsOf(`${API}tasks/?created_resources=${version.replace(/\d+\/$/, '7/')}`)).toEqual([]);
      expect(await hrefsOf(`${API}tasks/?created_resources=${API}artifacts/${randomUUID()}/`)).toEqual([]);
      for (const junk of [`${API}tasks/zzz/`, `${version.replace(/\d+\/$/, '99999999999/')}`]) {
        const response = await call(`${API}tasks/?created_resources=${junk}`);
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({ created_resources: [`URI not valid: ${junk}`] });
      }
    });
  });

  describe('workers', () => {
    it('lists the online worker with the task it runs, and reads it', async () => {
      const { id } = await queue.dispatch('pulpcore.app.tasks.test.sleep', { args: [60] });
      await until(id, ['running']);
      const { count, results } = await page(`${API}workers/?online=true`);
      expect(count).toBe(1);
      const [worker] = results;
      expect(worker).toEqual({
        pulp_href: expect.stringMatching(/^\/pulp\/api\/v3\/workers\/[0-9a-f-]{36}\/$/),
        prn: expect.stringMatching(/^prn:core\.appstatus:/),
        pulp_created: expect.any(String),
        pulp_last_updated: expect.any(String),
        name: expect.stringMatching(/^\d+@/),
        last_heartbeat: expect.any(String),
        versions: { core: '3.102.0', file: '3.102.0' },
        current_task: href(id),
      });
      expect(await get(worker.pulp_href)).toEqual(worker);
      expect((await page(`${API}workers/?name__startswith=${worker.name.split('@')[0]}`)).count).toBe(1);
      await queue.cancel(id);
      await until(id, ['canceled']);
      expect((await get(worker.pulp_href)).current_task).toBeNull();
    });

    it('refuses a filter value that is no boolean with 400', async () => {
      const response = await call(`${API}workers/?online=maybe`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        online: ['Select a valid choice. maybe is not one of the available choices.'],
      });
    });

    it('answers 404 for an unknown worker', async () => {
      expect((await call(`${API}workers/00000000-0000-7000-8000-000000000000/`)).status).toBe(404);
      expect((await call(`${API}workers/nope/`)).status).toBe(404);
    });
  });

  describe('task groups', () => {
    it('counts its tasks per state, lists them minimal, and cancels what still waits or runs', async () => {
      const group = await queue.createTaskGroup('refresh everything');
      const { id: done } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', { taskGroupId: group });
      await until(done, ['completed']);
      const { id: running } = await queue.dispatch('pulpcore.app.tasks.test.sleep', {
        args: [60],
        exclusiveResources: ['group-lock'],
        taskGroupId: group,
      });
      await until(running, ['running']);
      const { id: waiting } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', {
        exclusiveResources: ['group-lock'],
        taskGroupId: group,
      });
      const groupHref = `${API}task-groups/${group}/`;
      const body = await get(groupHref);
      expect(body).toEqual({
        pulp_href: groupHref,
        prn: `prn:core.taskgroup:${group}`,
        description: 'refresh everything',
        all_tasks_dispatched: false,
        waiting: 1,
        skipped: 0,
        running: 1,
        completed: 1,
        canceled: 0,
        failed: 0,
        canceling: 0,
        group_progress_reports: [],
        tasks: [done, running, waiting].map((id) => expect.objectContaining({ pulp_href: href(id) })),
      });
      expect(Object.keys(body.tasks[0]).sort()).toEqual(MINIMAL_TASK_FIELDS);
      expect((await get(`${href(running)}`)).task_group).toBe(groupHref);
      expect(await hrefsOf(`${API}tasks/?task_group=${groupHref}`)).toEqual([waiting, running, done].map(href));

      const canceled = await call(groupHref, { method: 'PATCH', body: JSON.stringify({ state: 'canceled' }) });
      expect(canceled.status).toBe(200);
      expect(await canceled.json()).toMatchObject({ all_tasks_dispatched: true, waiting: 0, running: 0 });
      await until(running, ['canceled']);
      await until(waiting, ['canceled']);
      expect(await get(groupHref)).toMatchObject({ completed: 1, canceled: 2, canceling: 0 });
      expect((await page(`${API}task-groups/`)).results.map((item) => item.pulp_href)).toContain(groupHref);
    });

    it('shows the group progress its tasks count', async () => {
      const group = await queue.createTaskGroup('three steps', [
        { message: 'Counting steps', code: 'test.steps', total: 3 },
        { message: 'Untouched', code: 'test.other' },
      ]);
      const ids: string[] = [];
      for (let step = 0; step < 3; step++) {
        ids.push((await queue.dispatch('pulpcore.app.tasks.test.group_step', { taskGroupId: group })).id);
      }
      for (const id of ids) {
        await until(id, ['completed']);
      }
      // A task outside the group counts nowhere.
      await until((await queue.dispatch('pulpcore.app.tasks.test.group_step')).id, ['completed']);
      expect((await get(`${API}task-groups/${group}/`)).group_progress_reports).toEqual([
        { message: 'Counting steps', code: 'test.steps', total: 3, done: 3, suffix: null },
        { message: 'Untouched', code: 'test.other', total: 0, done: 0, suffix: null },
      ]);
    });

    it('refuses a wrong cancel body, and answers 404 for an unknown group', async () => {
      const group = await queue.createTaskGroup('g');
      const wrong = await call(`${API}task-groups/${group}/`, { method: 'PATCH', body: '{"state":"completed"}' });
      expect(wrong.status).toBe(400);
      expect(await wrong.json()).toEqual({ state: ["The only acceptable value for 'state' is 'canceled'."] });
      const unknown = `${API}task-groups/00000000-0000-7000-8000-000000000000/`;
      expect((await call(unknown)).status).toBe(404);
      expect((await call(unknown, { method: 'PATCH', body: '{"state":"canceled"}' })).status).toBe(404);
    });
  });

  describe('task schedules', () => {
    it('lists and shows schedules with Pulp’s duration format and their last task', async () => {
      const [{ id: domain }] = await site.query<{ id: string }>(
        "SELECT pulp_id AS id FROM core_domain WHERE name = 'default'",
      );
      const [{ id: schedule }] = await site.query<{ id: string }>(
        `INSERT INTO core_taskschedule (pulp_id, name, next_dispatch, dispatch_interval, task_name, pulp_domain_id)
         VALUES (pulp_uuid7(), 'nightly purge', now() + interval '1 day', interval '1 day 2 hours',
                 'pulpcore.app.tasks.purge.purge', $1)
         RETURNING pulp_id AS id`,
        [domain],
      );
      const { id: task } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
      await site.query('UPDATE core_taskschedule SET last_task_id = $1 WHERE pulp_id = $2', [task, schedule]);
      const scheduleHref = `${API}task-schedules/${schedule}/`;
      const body = await get(scheduleHref);
      expect(body).toEqual({
        pulp_href: scheduleHref,
        prn: `prn:core.taskschedule:${schedule}`,
        pulp_created: expect.any(String),
        pulp_last_updated: expect.any(String),
        name: 'nightly purge',
        task_name: 'pulpcore.app.tasks.purge.purge',
        dispatch_interval: '1 02:00:00',
        next_dispatch: expect.stringMatching(/Z$/),
        last_task: href(task),
      });
      expect((await page(`${API}task-schedules/?name__contains=nightly`)).results).toEqual([body]);
      expect((await page(`${API}task-schedules/?task_name=nope`)).count).toBe(0);
      expect((await call(`${API}task-schedules/nope/`)).status).toBe(404);
    });
  });

  describe('workers, once none runs', () => {
    it('tells missing workers from online ones, and lists no other kind of process', async () => {
      // Workers delete the rows of missing processes: with none running, a missing row stays put.
      await worker.stop();
      await site.query(
        `INSERT INTO core_appstatus (pulp_id, app_type, name, ttl, last_heartbeat)
         VALUES (pulp_uuid7(), 'worker', '1@gone', interval '30 seconds', now() - interval '1 hour')`,
      );
      expect((await page(`${API}workers/?missing=true`)).results.map((row) => row.name)).toEqual(['1@gone']);
      expect((await page(`${API}workers/?online=true`)).count).toBe(0);
      expect((await page(`${API}workers/?missing=false&online=false`)).count).toBe(0);
      const names = (await page(`${API}workers/`)).results.map((row) => row.name as string);
      expect(names).toEqual(['1@gone']); // the API process's own status row is not a worker
    });
  });
});
