import { randomUUID } from 'node:crypto';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const KEYRINGS = `${API}repositories/core/openpgp_keyring/`;

// The endpoints every repository type gets (libs/core/src/typed), through core's own type: OpenPGP keyrings.
describe('typed repositories (OpenPGP keyrings)', () => {
  let site: TestSite;
  let client: ApiClient;

  const count = async (table: string) => Number((await site.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const create = async (body: Json) => client.send(KEYRINGS, body);
  const accepted = async (answer: { status: number; body: Json }) => {
    expect(answer.status).toBe(202);
    expect(Object.keys(answer.body)).toEqual(['task']);
    return client.waitForTask(answer.body.task as string);
  };
  const content = async () => {
    const id = randomUUID();
    await site.query(
      `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
       SELECT $1, pulp_id, 'core.openpgp_publickey' FROM core_domain WHERE name = 'default'`,
      [id],
    );
    return `${API}content/core/openpgp_publickey/${id}/`;
  };

  beforeAll(async () => {
    ({ site, client } = await adminSite());
  });

  afterAll(() => site?.destroy());

  it('creates a repository with its version 0, synchronously', async () => {
    const { status, body } = await create({ name: 'keys', description: 'signing keys', pulp_labels: { env: 'prod' } });
    expect(status).toBe(201);
    const id = body.pulp_href.split('/').at(-2);
    expect(body).toEqual({
      pulp_href: `${KEYRINGS}${id}/`,
      prn: `prn:core.openpgpkeyring:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      versions_href: `${KEYRINGS}${id}/versions/`,
      pulp_labels: { env: 'prod' },
      latest_version_href: `${KEYRINGS}${id}/versions/0/`,
      name: 'keys',
      description: 'signing keys',
      retain_repo_versions: null,
      remote: null,
    });
    expect(await client.call(body.pulp_href)).toEqual({ status: 200, body });
    expect((await client.call(`${KEYRINGS}?name=keys`)).body.results).toEqual([body]);
    expect((await client.call(`${API}repositories/?name=keys`)).body.results).toEqual([body]);
  });

  it.each([
    [{}, { name: ['This field is required.'] }],
    [{ name: 'keys' }, { name: ['This field must be unique.'] }],
    [
      { name: 'other', retain_repo_versions: 0 },
      { retain_repo_versions: ['Ensure this value is greater than or equal to 1.'] },
    ],
    [
      { name: 'other', pulp_labels: { 'bad key!': 'x' } },
      { pulp_labels: ["Key 'bad key!' contains non-alphanumerics."] },
    ],
    [
      { name: 'other', remote: `${API}remotes/file/file/${randomUUID()}/` },
      { remote: ['Invalid hyperlink - Object does not exist.'] },
    ],
    [{ name: 'other', colour: 'blue' }, { colour: ['Unexpected field'] }],
  ])('refuses to create %j, creating nothing', async (body, errors) => {
    const before = await count('core_repository');
    expect(await create(body)).toEqual({ status: 400, body: errors });
    expect(await count('core_repository')).toBe(before);
  });

  it('refuses a remote of another type', async () => {
    const remote = randomUUID();
    await site.query(
      `INSERT INTO core_remote (pulp_id, pulp_domain_id, pulp_type, name, url)
       SELECT $1, pulp_id, 'file.file', 'files', 'http://example.com/' FROM core_domain WHERE name = 'default'`,
      [remote],
    );
    expect(await create({ name: 'other', remote: `${API}remotes/file/file/${remote}/` })).toEqual({
      status: 400,
      body: { remote: ["Type for Remote 'files' does not match Repository."] },
    });
  });

  it('updates through a task, and answers 200 without one when nothing changes', async () => {
    const { body } = await create({ name: 'updated', description: 'before' });
    expect(await client.send(body.pulp_href, { description: 'before' }, 'PATCH')).toEqual({ status: 200, body });
    const task = await accepted(
      await client.send(body.pulp_href, { description: 'after', retain_repo_versions: 2 }, 'PATCH'),
    );
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.base.ageneral_update' });
    expect(task.reserved_resources_record).toContain(body.prn);
    const updated = (await client.call(body.pulp_href)).body;
    expect(updated).toMatchObject({ description: 'after', retain_repo_versions: 2 });
    // As Pulp's update tasks do, the result is the updated object (pulp-glue ≥ 3.86 takes it as the entity).
    expect(task.result).toEqual(updated);
    expect(await client.send(body.pulp_href, { description: 'no name' }, 'PUT')).toEqual({
      status: 400,
      body: { name: ['This field is required.'] },
    });
    expect(await client.send(body.pulp_href, { name: null }, 'PATCH')).toEqual({
      status: 400,
      body: { name: ['This field may not be null.'] },
    });
    expect(await client.send(body.pulp_href, { name: 'keys' }, 'PATCH')).toEqual({
      status: 400,
      body: { name: ['This field must be unique.'] },
    });
  });

  it('sets and unsets labels', async () => {
    const { body } = await create({ name: 'labelled' });
    expect(await client.send(`${body.pulp_href}set_label/`, { key: 'tier', value: 'gold' })).toEqual({
      status: 201,
      body: { key: 'tier', value: 'gold' },
    });
    expect((await client.call(body.pulp_href)).body.pulp_labels).toEqual({ tier: 'gold' });
    expect(await client.send(`${body.pulp_href}unset_label/`, { key: 'tier' })).toEqual({
      status: 201,
      body: { key: 'tier', value: 'gold' },
    });
    expect((await client.send(`${body.pulp_href}unset_label/`, { key: 'tier' })).status).toBe(400);
    expect((await client.send(`${body.pulp_href}set_label/`, { key: 'no spaces', value: 'x' })).status).toBe(400);
  });

  it('modifies content into a new version, and refuses unknown content before dispatching', async () => {
    const { body } = await create({ name: 'modified' });
    const [first, second] = [await content(), await content()];
    const task = await accepted(await client.send(`${body.pulp_href}modify/`, { add_content_units: [first, second] }));
    expect(task.state).toBe('completed');
    expect(task.created_resources).toEqual([`${body.pulp_href}versions/1/`]);
    expect((await client.call(body.pulp_href)).body.latest_version_href).toBe(`${body.pulp_href}versions/1/`);
    const inVersion = await client.call(`${API}content/?repository_version=${body.pulp_href}versions/1/`);
    expect(inVersion.body.count).toBe(2);

    const removed = await accepted(
      await client.send(`${body.pulp_href}modify/`, {
        remove_content_units: ['*'],
        base_version: `${body.pulp_href}versions/1/`,
      }),
    );
    expect(removed.created_resources).toEqual([`${body.pulp_href}versions/2/`]);

    const tasks = await count('core_task');
    const missing = `${API}content/core/openpgp_publickey/${randomUUID()}/`;
    expect(await client.send(`${body.pulp_href}modify/`, { add_content_units: [missing] })).toEqual({
      status: 400,
      body: { add_content_units: [`Could not find the following content units: ['${missing}']`] },
    });
    expect(await client.send(`${body.pulp_href}modify/`, { base_version: `${body.pulp_href}versions/9/` })).toEqual({
      status: 400,
      body: { base_version: ['Invalid hyperlink - Object does not exist.'] },
    });
    const file = randomUUID();
    await site.query(
      `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
       SELECT $1, pulp_id, 'file.file' FROM core_domain WHERE name = 'default'`,
      [file],
    );
    expect(
      await client.send(`${body.pulp_href}modify/`, { add_content_units: [`${API}content/file/files/${file}/`] }),
    ).toEqual({ status: 400, body: { non_field_errors: ['Content is not supported by this repository.'] } });
    expect(await count('core_task')).toBe(tasks);
  });

  // `pulp file repository content modify --base-repository` names another repository's version.
  it("starts a version from another repository's version, when it holds content the repository can hold", async () => {
    const source = (await create({ name: 'base-source' })).body;
    const target = (await create({ name: 'base-target' })).body;
    const [first, second, third] = [await content(), await content(), await content()];
    await accepted(await client.send(`${source.pulp_href}modify/`, { add_content_units: [first, second] }));
    await accepted(await client.send(`${target.pulp_href}modify/`, { add_content_units: [third] }));

    // Keyrings have no version endpoints: their versions are read from the table.
    const version = async (repository: Json, number: number) =>
      (
        await site.query<{ pulp_id: string; base_version_id: string | null }>(
          'SELECT pulp_id, base_version_id FROM core_repositoryversion WHERE repository_id = $1 AND number = $2',
          [repository.pulp_href.split('/').at(-2), number],
        )
      )[0];
    const baseId = (await version(source, 1)).pulp_id;
    for (const [number, base] of [
      [2, `${source.pulp_href}versions/1/`],
      [4, `prn:core.repositoryversion:${baseId}`],
    ] as const) {
      const task = await accepted(
        await client.send(`${target.pulp_href}modify/`, { base_version: base, add_content_units: [third] }),
      );
      expect(task).toMatchObject({ state: 'completed', created_resources: [`${target.pulp_href}versions/${number}/`] });
      expect((await version(target, number)).base_version_id).toBe(baseId);
      const units = await client.call(`${API}content/?repository_version=${target.pulp_href}versions/${number}/`);
      expect(units.body.results.map((unit: Json) => unit.pulp_href).sort()).toEqual([first, second, third].sort());
      await accepted(await client.send(`${target.pulp_href}modify/`, { remove_content_units: [first] }));
    }

    // A file repository cannot hold keys: refused before anything is queued; an empty version is a fine base.
    const files = await client.send(`${API}repositories/file/file/`, { name: 'base-files' });
    const tasks = await count('core_task');
    expect(
      await client.send(`${files.body.pulp_href}modify/`, { base_version: `${source.pulp_href}versions/1/` }),
    ).toEqual({ status: 400, body: { base_version: ['Content is not supported by this repository.'] } });
    expect(await count('core_task')).toBe(tasks);
    const empty = await accepted(
      await client.send(`${files.body.pulp_href}modify/`, { base_version: `${source.pulp_href}versions/0/` }),
    );
    expect(empty).toMatchObject({ state: 'completed', created_resources: [] });
  });

  it('deletes through a task; the content stays until orphan cleanup', async () => {
    const { body } = await create({ name: 'deleted' });
    await accepted(await client.send(`${body.pulp_href}modify/`, { add_content_units: [await content()] }));
    const units = await count('core_content');
    const task = await accepted(await client.call(body.pulp_href, { method: 'DELETE' }));
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.base.ageneral_delete' });
    expect((await client.call(body.pulp_href)).status).toBe(404);
    expect(await count('core_content')).toBe(units);
    expect((await client.call(`${KEYRINGS}${randomUUID()}/`, { method: 'DELETE' })).status).toBe(404);
  });
});
