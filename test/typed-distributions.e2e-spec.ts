import { randomUUID } from 'node:crypto';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { type PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const DISTRIBUTIONS = `${API}distributions/core/openpgp/`;

// The endpoints every distribution type gets (libs/core/src/typed), through core's OpenPGP distributions.
describe('typed distributions (OpenPGP)', () => {
  let site: TestSite;
  let client: ApiClient;
  let keyring: Json;
  let worker: PulpProcess;

  const count = async (table: string) => Number((await site.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const task = async (answer: { status: number; body: Json }) => {
    expect(answer.status).toBe(202);
    expect(Object.keys(answer.body)).toEqual(['task']);
    return client.waitForTask(answer.body.task as string);
  };
  const create = async (body: Json) => {
    const created = await task(await client.send(DISTRIBUTIONS, body));
    expect(created.state).toBe('completed');
    const read = (await client.call(created.created_resources[0] as string)).body as Json;
    // The create task's result is the new object, as Pulp's general_create stores it.
    expect(created.result).toEqual(read);
    return read;
  };

  beforeAll(async () => {
    ({ site, client } = await adminSite({ CONTENT_ORIGIN: 'http://content.example' }, { worker: false }));
    worker = await site.start('worker');
    keyring = (await client.send(`${API}repositories/core/openpgp_keyring/`, { name: 'keys' })).body;
  });

  afterAll(() => site?.destroy());

  it('creates through a task holding every distribution, and lists and reads it', async () => {
    const body = await create({
      name: 'first',
      base_path: 'keys',
      repository: keyring.pulp_href,
      pulp_labels: { a: 'b' },
    });
    const id = body.pulp_href.split('/').at(-2);
    expect(body).toEqual({
      pulp_href: `${DISTRIBUTIONS}${id}/`,
      prn: `prn:core.openpgpdistribution:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      base_path: 'keys',
      base_url: 'http://content.example/pulp/content/keys/',
      content_guard: null,
      no_content_change_since: null,
      hidden: false,
      pulp_labels: { a: 'b' },
      name: 'first',
      repository: keyring.pulp_href,
      repository_version: null,
    });
    expect((await client.call(DISTRIBUTIONS)).body.results).toEqual([body]);
    const tasks = (await client.call(`${API}tasks/?name=pulpcore.app.tasks.base.general_create`)).body
      .results as Json[];
    expect(
      tasks[0].reserved_resources_record.some((name: string) => /^pdrn:[0-9a-f-]+:distributions$/.test(name)),
    ).toBe(true);
  });

  it.each([
    [{ name: 'x', base_path: '/rooted' }, { base_path: ["Base path must not start or end with '/'."] }],
    [{ name: 'x', base_path: 'a//b' }, { base_path: ["Base path must not contain empty, '.' or '..' segments."] }],
    [{ name: 'x', base_path: 'a/../b' }, { base_path: ["Base path must not contain empty, '.' or '..' segments."] }],
    [{ name: 'x', base_path: 'keys/inner' }, { base_path: ["Overlaps with existing distribution 'first'"] }],
    [{ name: 'x', base_path: 'keys' }, { base_path: ['This field must be unique.'] }],
    [{ name: 'first', base_path: 'other' }, { name: ['This field must be unique.'] }],
    [{ base_path: 'other' }, { name: ['This field is required.'] }],
    [
      { name: 'x', base_path: 'other', content_guard: `${API}contentguards/core/header/${randomUUID()}/` },
      { content_guard: ['Invalid hyperlink - Object does not exist.'] },
    ],
  ])('refuses %j before queueing anything', async (body, errors) => {
    const tasks = await count('core_task');
    expect(await client.send(DISTRIBUTIONS, body)).toEqual({ status: 400, body: errors });
    expect(await count('core_task')).toBe(tasks);
  });

  it('refuses a repository and a version together, and a repository of another type', async () => {
    expect(
      await client.send(DISTRIBUTIONS, {
        name: 'x',
        base_path: 'other',
        repository: keyring.pulp_href,
        repository_version: `${keyring.pulp_href}versions/0/`,
      }),
    ).toEqual({
      status: 400,
      body: {
        non_field_errors: [
          "Only one of the attributes 'repository' and 'repository_version' may be used simultaneously.",
        ],
      },
    });
    const other = randomUUID();
    await site.query(
      `INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name)
       SELECT $1, pulp_id, 'file.file', 'files' FROM core_domain WHERE name = 'default'`,
      [other],
    );
    expect(
      await client.send(DISTRIBUTIONS, {
        name: 'x',
        base_path: 'other',
        repository: `${API}repositories/file/file/${other}/`,
      }),
    ).toEqual({
      status: 400,
      body: { repository: ["Type for Repository 'files' does not match Distribution."] },
    });
  });

  it('fails the second of two nesting creates, checked again while the task holds the distributions', async () => {
    // With no worker running, neither task can complete before the other request is validated.
    await worker.stop();
    const [outer, inner] = await Promise.all([
      client.send(DISTRIBUTIONS, { name: 'outer', base_path: 'race' }),
      client.send(DISTRIBUTIONS, { name: 'inner', base_path: 'race/inner' }),
    ]);
    worker = await site.start('worker');
    const states = [(await task(outer)).state, (await task(inner)).state].sort();
    expect(states).toEqual(['completed', 'failed']);
    const failed = [await client.waitForTask(outer.body.task), await client.waitForTask(inner.body.task)].find(
      (t) => t.state === 'failed',
    )!;
    expect(failed.error.description).toMatch(/^Overlaps with existing distribution '(outer|inner)'$/);
  });

  it('updates through a task (200 when nothing changes), serving a version instead of the repository', async () => {
    const body = await create({ name: 'second', base_path: 'second', repository: keyring.pulp_href });
    expect(await client.send(body.pulp_href, { base_path: 'second' }, 'PATCH')).toEqual({ status: 200, body });
    const version = `${keyring.pulp_href}versions/0/`;
    expect((await task(await client.send(body.pulp_href, { repository_version: version }, 'PATCH'))).state).toBe(
      'completed',
    );
    expect((await client.call(body.pulp_href)).body).toMatchObject({ repository: null, repository_version: version });
    expect(await client.send(body.pulp_href, { name: 'second' }, 'PUT')).toEqual({
      status: 400,
      body: { base_path: ['This field is required.'] },
    });
    expect(await client.send(body.pulp_href, { base_path: null, hidden: null }, 'PATCH')).toEqual({
      status: 400,
      body: { base_path: ['This field may not be null.'], hidden: ['This field may not be null.'] },
    });
    expect(await client.send(body.pulp_href, { repository: '' }, 'PATCH')).toEqual({
      status: 400,
      body: { repository: ['URI not valid: '] },
    });
  });

  it('sets and unsets labels, and deletes through a task', async () => {
    const body = await create({ name: 'third', base_path: 'third' });
    expect(await client.send(`${body.pulp_href}set_label/`, { key: 'k', value: 'v' })).toEqual({
      status: 200,
      body: { key: 'k', value: 'v' },
    });
    expect(await client.send(`${body.pulp_href}unset_label/`, { key: 'k' })).toEqual({
      status: 200,
      body: { key: 'k', value: 'v' },
    });
    expect((await task(await client.call(body.pulp_href, { method: 'DELETE' }))).state).toBe('completed');
    expect((await client.call(body.pulp_href)).status).toBe(404);
  });
});
