import { randomUUID } from 'node:crypto';
import { adminSite, ApiClient, type Answer, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const REPOSITORIES = `${API}repositories/file/file/`;

// File repositories: the typed repository endpoints with the file fields (their own table), and
// the per-type versions endpoints.
describe('file repositories', () => {
  let site: TestSite;
  let client: ApiClient;

  const count = (table: string) => site.count(table);
  const create = async (body: Json) => client.send(REPOSITORIES, body);
  const accepted = (answer: Answer) => client.accepted(answer);
  const content = async (type = 'file.file') => {
    const id = randomUUID();
    await site.query(
      `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
       SELECT $1, pulp_id, $2 FROM core_domain WHERE name = 'default'`,
      [id, type],
    );
    return `${API}content/${type === 'file.file' ? 'file/files' : type.replace('.', '/')}/${id}/`;
  };
  /** A repository with versions 1…n, each adding one unit; returns it and its units. */
  const versioned = async (name: string, versions: number) => {
    const { body } = await create({ name });
    const units: string[] = [];
    for (let n = 0; n < versions; n++) {
      units.push(await content());
      expect(
        (await accepted(await client.send(`${body.pulp_href}modify/`, { add_content_units: [units.at(-1)] }))).state,
      ).toBe('completed');
    }
    return { repository: body as Json, units };
  };

  beforeAll(async () => {
    ({ site, client } = await adminSite());
  });

  afterAll(() => site?.destroy());

  it('creates a repository with the file fields and their defaults, synchronously', async () => {
    const { status, body } = await create({ name: 'plain' });
    expect(status).toBe(201);
    const id = body.pulp_href.split('/').at(-2);
    expect(body).toEqual({
      pulp_href: `${REPOSITORIES}${id}/`,
      prn: `prn:file.filerepository:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      versions_href: `${REPOSITORIES}${id}/versions/`,
      pulp_labels: {},
      latest_version_href: `${REPOSITORIES}${id}/versions/0/`,
      name: 'plain',
      description: null,
      retain_repo_versions: null,
      remote: null,
      autopublish: false,
      manifest: 'PULP_MANIFEST',
    });
    expect(
      await site.query(
        'SELECT autopublish, manifest, last_sync_details FROM file_filerepository WHERE repository_id = $1',
        [id],
      ),
    ).toEqual([{ autopublish: false, manifest: 'PULP_MANIFEST', last_sync_details: {} }]);

    const custom = await create({ name: 'custom', autopublish: true, manifest: 'FILES' });
    expect(custom.status).toBe(201);
    expect(custom.body).toMatchObject({ autopublish: true, manifest: 'FILES' });
    expect(await client.call(custom.body.pulp_href)).toEqual({ status: 200, body: custom.body });
    expect((await client.call(`${REPOSITORIES}?name=custom`)).body.results).toEqual([custom.body]);
    // The generic list shows what every repository has.
    const generic = (await client.call(`${API}repositories/?name=custom`)).body.results[0];
    expect(generic.autopublish).toBeUndefined();
    expect(generic.pulp_href).toBe(custom.body.pulp_href);

    const unpublished = await create({ name: 'no manifest', manifest: null });
    expect(unpublished.body.manifest).toBeNull();
  });

  it('takes the file fields from forms too', async () => {
    const { status, body } = await client.sendForm(REPOSITORIES, undefined, { name: 'form', autopublish: 'true' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'form', autopublish: true, manifest: 'PULP_MANIFEST' });
  });

  it.each([
    [{ name: 'bad', autopublish: 'maybe' }, { autopublish: ['Must be a valid boolean.'] }],
    [{ name: 'bad', autopublish: null }, { autopublish: ['This field may not be null.'] }],
    [{ name: 'bad', manifest: 7 }, { manifest: ['Not a valid string.'] }],
    [{ name: 'bad', manifest: '' }, { manifest: ['This field may not be blank.'] }],
    [{ name: 'plain', autopublish: true }, { name: ['This field must be unique.'] }],
    [{ name: 'bad', last_sync_details: {} }, { last_sync_details: ['Unexpected field'] }],
  ])('refuses to create %j, writing nothing', async (body, errors) => {
    const [repositories, details] = [await count('core_repository'), await count('file_filerepository')];
    expect(await create(body)).toEqual({ status: 400, body: errors });
    expect(await count('core_repository')).toBe(repositories);
    expect(await count('file_filerepository')).toBe(details);
  });

  it('updates the file fields through the general update task, and answers 200 when nothing changes', async () => {
    const { body } = await create({ name: 'updated' });
    expect(await client.send(body.pulp_href, { autopublish: false, manifest: 'PULP_MANIFEST' }, 'PATCH')).toEqual({
      status: 200,
      body,
    });
    const task = await accepted(await client.send(body.pulp_href, { autopublish: true, manifest: 'INDEX' }, 'PATCH'));
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.base.ageneral_update' });
    expect(task.reserved_resources_record).toContain(body.prn);
    const updated = (await client.call(body.pulp_href)).body;
    expect(updated).toMatchObject({ autopublish: true, manifest: 'INDEX', name: 'updated' });
    expect(updated.pulp_last_updated > body.pulp_last_updated).toBe(true);
    expect(task.result).toEqual(updated);
    // The list's cached page is dropped when the plugin's table changes.
    expect((await client.call(`${REPOSITORIES}?name=updated`)).body.results).toEqual([updated]);

    // A master column and a file column in one task; PUT needs the name, as every repository's does.
    const both = await accepted(
      await client.send(body.pulp_href, { name: 'updated', description: 'both', manifest: null }, 'PUT'),
    );
    expect(both.result).toMatchObject({ description: 'both', manifest: null, autopublish: true });
    expect(await client.send(body.pulp_href, { autopublish: null }, 'PATCH')).toEqual({
      status: 400,
      body: { autopublish: ['This field may not be null.'] },
    });
    expect(await client.send(body.pulp_href, { manifest: '' }, 'PATCH')).toEqual({
      status: 400,
      body: { manifest: ['This field may not be blank.'] },
    });
  });

  it('gives a repository made without its file row one when its file fields are updated', async () => {
    const id = randomUUID();
    await site.query(
      `INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name, next_version)
       SELECT $1, pulp_id, 'file.file', 'bare', 1 FROM core_domain WHERE name = 'default'`,
      [id],
    );
    const href = `${REPOSITORIES}${id}/`;
    expect((await accepted(await client.send(href, { autopublish: true }, 'PATCH'))).result).toMatchObject({
      name: 'bare',
      autopublish: true,
      manifest: 'PULP_MANIFEST',
    });
  });

  it('lists, filters and reads its versions', async () => {
    const { repository, units } = await versioned('versions', 2);
    const versions = `${repository.pulp_href}versions/`;
    const list = await client.call(versions);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(3);
    expect(list.body.results.map((version: Json) => version.number)).toEqual([2, 1, 0]);
    const [latest] = list.body.results as Json[];
    expect(latest).toEqual({
      pulp_href: `${versions}2/`,
      prn: expect.stringMatching(/^prn:core\.repositoryversion:/),
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      number: 2,
      repository: repository.pulp_href,
      base_version: null,
      content_summary: {
        added: { 'file.file': { count: 1, href: `${API}content/file/files/?repository_version_added=${versions}2/` } },
        removed: {},
        present: { 'file.file': { count: 2, href: `${API}content/file/files/?repository_version=${versions}2/` } },
      },
      vuln_report: expect.any(String),
    });
    expect(await client.call(`${versions}2/`)).toEqual({ status: 200, body: latest });
    expect((await client.call(`${versions}2/?fields=number`)).body).toEqual({ number: 2 });

    const numbers = async (query: string) =>
      ((await client.call(`${versions}?${query}`)).body.results as Json[]).map((version) => version.number);
    expect(await numbers('number__gte=1&ordering=number')).toEqual([1, 2]);
    expect(await numbers('number=0')).toEqual([0]);
    expect(await numbers(`content=${units[0]}`)).toEqual([2, 1]);
    expect(await numbers(`content__in=${units[1]}`)).toEqual([2]);
    expect(await numbers('pulp_created__gte=2000-01-01T00:00:00Z&number__range=0,1')).toEqual([1, 0]);
    // Another repository's versions are not this one's.
    const other = await versioned('others', 1);
    expect(await numbers(`pulp_href__in=${other.repository.pulp_href}versions/1/`)).toEqual([]);
    expect(await client.call(`${versions}?colour=blue`)).toEqual({
      status: 400,
      body: { errors: ["Invalid Filter: 'colour'"] },
    });
    expect((await client.call(`${versions}?number=x`)).status).toBe(400);

    for (const missing of [`${versions}9/`, `${versions}x/`, `${REPOSITORIES}${randomUUID()}/versions/0/`]) {
      expect(await client.call(missing)).toEqual({
        status: 404,
        body: { detail: expect.stringMatching(/^No (RepositoryVersion|Repository) matches the given query\.$/) },
      });
    }
    expect((await client.call(`${REPOSITORIES}${randomUUID()}/versions/`)).status).toBe(404);
    // A repository of another type is not found here.
    const keyring = (await client.send(`${API}repositories/core/openpgp_keyring/`, { name: 'keys' })).body;
    const keyringId = keyring.pulp_href.split('/').at(-2);
    expect((await client.call(`${REPOSITORIES}${keyringId}/versions/`)).status).toBe(404);
  });

  it('refuses to add content of a type file repositories do not hold, queueing nothing', async () => {
    const { repository } = await versioned('typed-content', 1);
    const tasks = await count('core_task');
    for (const type of ['core.publishedmetadata', 'core.openpgp_publickey']) {
      expect(
        await client.send(`${repository.pulp_href}modify/`, {
          add_content_units: [await content(), await content(type)],
        }),
      ).toEqual({ status: 400, body: { non_field_errors: ['Content is not supported by this repository.'] } });
    }
    expect(await count('core_task')).toBe(tasks);
    expect((await client.call(repository.pulp_href as string)).body.latest_version_href).toBe(
      `${repository.pulp_href}versions/1/`,
    );
  });

  it('deletes a version through a task holding the repository', async () => {
    const { repository } = await versioned('deleting', 2);
    const versions = `${repository.pulp_href}versions/`;
    const task = await accepted(await client.call(`${versions}1/`, { method: 'DELETE' }));
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.repository.delete_version' });
    expect(task.reserved_resources_record).toContain(repository.prn);
    expect((await client.call(versions)).body.results.map((version: Json) => version.number)).toEqual([2, 0]);
    // Version 2 still has both units: version 1's change folded into it.
    expect((await client.call(`${versions}2/`)).body.content_summary.present['file.file'].count).toBe(2);
    expect((await client.call(`${versions}1/`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses to delete a version a distribution serves, directly or through a publication', async () => {
    const { repository } = await versioned('distributed', 2);
    const versions = `${repository.pulp_href}versions/`;
    const distribution = await client.waitForTask(
      (
        await client.send(`${API}distributions/file/file/`, {
          name: 'serving',
          base_path: 'serving',
          repository_version: `${versions}1/`,
        })
      ).body.task,
    );
    expect(distribution.state).toBe('completed');
    const refusal = [
      'The repository version cannot be deleted because it (or its publications) are currently being used to ' +
        'distribute content. Please update the necessary distributions first.',
    ];
    const tasks = await count('core_task');
    expect(await client.call(`${versions}1/`, { method: 'DELETE' })).toEqual({ status: 400, body: refusal });

    const [{ pulp_id: versionId }] = await site.query<{ pulp_id: string }>(
      `SELECT v.pulp_id FROM core_repositoryversion v WHERE v.repository_id = $1 AND v.number = 2`,
      [repository.pulp_href.split('/').at(-2)],
    );
    const publication = randomUUID();
    await site.query(
      `INSERT INTO core_publication (pulp_id, pulp_domain_id, pulp_type, complete, repository_version_id)
       SELECT $1, pulp_id, 'file.file', true, $2 FROM core_domain WHERE name = 'default'`,
      [publication, versionId],
    );
    await site.query(
      `INSERT INTO core_distribution (pulp_id, pulp_domain_id, pulp_type, name, base_path, publication_id)
       SELECT pulp_uuid7(), pulp_id, 'file.file', 'published', 'published', $1 FROM core_domain WHERE name = 'default'`,
      [publication],
    );
    expect(await client.call(`${versions}2/`, { method: 'DELETE' })).toEqual({ status: 400, body: refusal });
    expect(await count('core_task')).toBe(tasks);
    expect((await accepted(await client.call(`${versions}0/`, { method: 'DELETE' }))).state).toBe('completed');
  });

  it('repairs a version through a task sharing the repository', async () => {
    const { repository } = await versioned('repaired', 1);
    const version = `${repository.pulp_href}versions/1/`;
    const task = await accepted(await client.send(`${version}repair/`, {}));
    expect(task).toMatchObject({
      state: 'completed',
      name: 'pulpcore.app.tasks.repository.repair_version',
      result: null,
    });
    expect(task.reserved_resources_record).toContain(`shared:${repository.prn}`);
    expect((await accepted(await client.send(`${version}repair/`, { verify_checksums: false }))).state).toBe(
      'completed',
    );
    const tasks = await count('core_task');
    expect(await client.send(`${version}repair/`, { verify_checksums: 'sometimes' })).toEqual({
      status: 400,
      body: { verify_checksums: ['Must be a valid boolean.'] },
    });
    expect((await client.send(`${repository.pulp_href}versions/7/repair/`, {})).status).toBe(404);
    expect(await count('core_task')).toBe(tasks);
  });
});
