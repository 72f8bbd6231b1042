import { randomUUID } from 'node:crypto';
import { adminSite, ApiClient, type Answer, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const DISTRIBUTIONS = `${API}distributions/file/file/`;
const LONE_CHECKPOINT = { non_field_errors: ["'checkpoint' may only be used with 'repository'"] };
const ONLY_ONE = (one: string, other: string) => ({
  non_field_errors: [`Only one of the attributes '${one}' and '${other}' may be used simultaneously.`],
});

// File distributions: the typed distribution endpoints serving a publication, a repository or a version.
describe('file distributions', () => {
  let site: TestSite;
  let client: ApiClient;
  let repository: Json;
  let version: string;
  let publication: string;

  const count = (table: string) => site.count(table);
  const task = (answer: Answer) => client.accepted(answer);
  const create = async (body: Json) => {
    const created = await task(await client.send(DISTRIBUTIONS, body));
    expect(created.state).toBe('completed');
    const read = (await client.call(created.created_resources[0] as string)).body as Json;
    expect(created.result).toEqual(read);
    return read;
  };
  /** A publication of version 0 (the publications endpoint is not there yet): its href. */
  const publish = async (type = 'file.file', complete = true) => {
    const id = randomUUID();
    await site.query(
      `INSERT INTO core_publication (pulp_id, pulp_domain_id, pulp_type, complete, repository_version_id)
       SELECT $1, d.pulp_id, $2, $3, v.pulp_id FROM core_domain d, core_repositoryversion v
        WHERE d.name = 'default' AND v.repository_id = $4 AND v.number = 0`,
      [id, type, complete, repository.pulp_href.split('/').at(-2)],
    );
    return `${API}publications/${type === 'file.file' ? 'file/file' : type.replace('.', '/')}/${id}/`;
  };

  beforeAll(async () => {
    ({ site, client } = await adminSite({ CONTENT_ORIGIN: 'http://content.example' }));
    repository = (await client.send(`${API}repositories/file/file/`, { name: 'files' })).body;
    version = `${repository.pulp_href}versions/0/`;
    publication = await publish();
  });

  afterAll(() => site?.destroy());

  it('serves a repository, taking the nulls pulp-cli sends for the others', async () => {
    const body = await create({
      name: 'latest',
      base_path: 'files/latest',
      repository: repository.pulp_href,
      publication: null,
      repository_version: null,
    });
    const id = body.pulp_href.split('/').at(-2);
    expect(body).toEqual({
      pulp_href: `${DISTRIBUTIONS}${id}/`,
      prn: `prn:file.filedistribution:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      base_path: 'files/latest',
      base_url: 'http://content.example/pulp/content/files/latest/',
      content_guard: null,
      no_content_change_since: null,
      hidden: false,
      pulp_labels: {},
      name: 'latest',
      repository: repository.pulp_href,
      repository_version: null,
      publication: null,
      checkpoint: false,
    });
    expect((await client.call(`${DISTRIBUTIONS}?name=latest`)).body.results).toEqual([body]);
    expect((await client.call(body.pulp_href)).body).toEqual(body);
  });

  it('serves a publication or a version, and a checkpoint', async () => {
    const published = await create({ name: 'published', base_path: 'published', publication });
    expect(published).toMatchObject({ publication, repository: null, repository_version: null, checkpoint: false });
    const pinned = await create({ name: 'pinned', base_path: 'pinned', repository_version: version });
    expect(pinned).toMatchObject({ publication: null, repository: null, repository_version: version });
    const checkpoint = await create({
      name: 'checkpoint',
      base_path: 'checkpoint',
      repository: repository.pulp_href,
      checkpoint: true,
    });
    expect(checkpoint.checkpoint).toBe(true);
    // Forms carry the flag as text.
    const form = await client.sendForm(DISTRIBUTIONS, undefined, {
      name: 'form',
      base_path: 'form',
      repository: repository.pulp_href,
      checkpoint: 'true',
    });
    expect((await client.waitForTask(form.body.task)).result).toMatchObject({ name: 'form', checkpoint: true });
  });

  it.each([
    [{ publication: 'P', repository: 'R' }, ONLY_ONE('publication', 'repository')],
    [{ publication: 'P', repository_version: 'V' }, ONLY_ONE('publication', 'repository_version')],
    [{ repository: 'R', repository_version: 'V' }, ONLY_ONE('repository', 'repository_version')],
    [{ publication: 'P', repository: 'R', repository_version: 'V' }, ONLY_ONE('publication', 'repository_version')],
    [{ checkpoint: null }, { checkpoint: ['This field may not be null.'] }],
    [{ checkpoint: true }, LONE_CHECKPOINT],
    [{ checkpoint: true, publication: 'P' }, LONE_CHECKPOINT],
    [{ checkpoint: true, repository_version: 'V' }, LONE_CHECKPOINT],
    [{ checkpoint: true, repository: null }, LONE_CHECKPOINT],
    [{ checkpoint: 'often' }, { checkpoint: ['Must be a valid boolean.'] }],
    [{ publication: 'nowhere' }, { publication: ['URI not valid: nowhere'] }],
    [{ base_path: 'files' }, { base_path: ["Overlaps with existing distribution 'latest'"] }],
    [{ base_path: 'a/./b' }, { base_path: ["Base path must not contain empty, '.' or '..' segments."] }],
    [{ base_path: 'with space' }, { base_path: ["Base path must not contain whitespace, '?' or '#'."] }],
  ])('refuses %j before queueing anything', async (fields, errors) => {
    const references: Record<string, string> = { P: publication, R: repository.pulp_href, V: version };
    const body = Object.fromEntries(
      Object.entries({ name: 'refused', base_path: 'refused', ...fields }).map(([key, value]) => [
        key,
        typeof value === 'string' && references[value] ? references[value] : value,
      ]),
    );
    const tasks = await count('core_task');
    expect(await client.send(DISTRIBUTIONS, body)).toEqual({ status: 400, body: errors });
    expect(await count('core_task')).toBe(tasks);
  });

  it('refuses a publication that is incomplete, missing, or of a type it does not serve', async () => {
    const refuse = async (reference: string, message: string) =>
      expect(await client.send(DISTRIBUTIONS, { name: 'x', base_path: 'x', publication: reference })).toEqual({
        status: 400,
        body: { publication: [message] },
      });
    await refuse(await publish('file.file', false), 'Invalid hyperlink - Object does not exist.');
    await refuse(`${API}publications/file/file/${randomUUID()}/`, 'Invalid hyperlink - Object does not exist.');
    await refuse(await publish('core.other'), 'Invalid hyperlink - Incorrect URL match.');
  });

  it('keeps a checkpoint distribution on a repository: an update leaving it without one is refused', async () => {
    const body = await create({ name: 'kept', base_path: 'kept', repository: repository.pulp_href, checkpoint: true });
    const tasks = await count('core_task');
    for (const fields of [{ repository: null }, { publication }, { repository_version: version }]) {
      expect(await client.send(body.pulp_href, fields, 'PATCH')).toEqual({ status: 400, body: LONE_CHECKPOINT });
    }
    expect(await count('core_task')).toBe(tasks);
    const moved = await task(await client.send(body.pulp_href, { publication, checkpoint: false }, 'PATCH'));
    expect(moved.state).toBe('completed');
    expect((await client.call(body.pulp_href)).body).toMatchObject({
      publication,
      checkpoint: false,
      repository: null,
    });
    expect(await client.send(body.pulp_href, { checkpoint: true }, 'PATCH')).toEqual({
      status: 400,
      body: LONE_CHECKPOINT,
    });
  });

  it('does not know hidden repositories (an ACS’s)', async () => {
    const hidden = (await client.send(`${API}repositories/file/file/`, { name: 'hidden' })).body as Json;
    await site.query('UPDATE core_repository SET user_hidden = true WHERE pulp_id = $1', [
      hidden.pulp_href.split('/').at(-2),
    ]);
    const tasks = await count('core_task');
    expect(
      await client.send(DISTRIBUTIONS, { name: 'hidden', base_path: 'hidden', repository: hidden.pulp_href }),
    ).toEqual({ status: 400, body: { repository: ['Invalid hyperlink - Object does not exist.'] } });
    expect(await count('core_task')).toBe(tasks);
  });

  it('switches what it serves: naming one clears the others; nulls clear', async () => {
    const body = await create({ name: 'switching', base_path: 'switching', publication });
    const patch = async (fields: Json) => {
      expect((await task(await client.send(body.pulp_href, fields, 'PATCH'))).state).toBe('completed');
      return (await client.call(body.pulp_href)).body as Json;
    };
    expect(await patch({ repository: repository.pulp_href })).toMatchObject({
      repository: repository.pulp_href,
      publication: null,
      repository_version: null,
    });
    expect(await patch({ repository_version: version })).toMatchObject({
      repository: null,
      repository_version: version,
      publication: null,
    });
    expect(await patch({ publication, repository: null, repository_version: null })).toMatchObject({
      repository: null,
      repository_version: null,
      publication,
    });
    expect(await patch({ publication: null })).toMatchObject({ publication: null });
    const current = (await client.call(body.pulp_href)).body;
    expect(await client.send(body.pulp_href, { publication: null, checkpoint: false }, 'PATCH')).toEqual({
      status: 200,
      body: current,
    });
    expect(await client.send(body.pulp_href, { publication, repository: repository.pulp_href }, 'PATCH')).toEqual({
      status: 400,
      body: ONLY_ONE('publication', 'repository'),
    });
  });

  it('filters as Pulp’s DistributionFilter does', async () => {
    const names = async (query: string) =>
      ((await client.call(`${DISTRIBUTIONS}?${query}&ordering=name`)).body.results as Json[]).map((d) => d.name);
    expect(await names('base_path=published')).toEqual(['published']);
    expect(await names('base_path__contains=files/')).toEqual(['latest']);
    expect(await names('base_path__icontains=PIN')).toEqual(['pinned']);
    expect(await names('base_path__in=pinned,form')).toEqual(['form', 'pinned']);
    expect(await names('checkpoint=true')).toEqual(['checkpoint', 'form']);
    expect(await names(`repository=${repository.pulp_href}`)).toEqual(['checkpoint', 'form', 'latest']);
    expect(await names(`repository__in=${repository.prn}`)).toEqual(['checkpoint', 'form', 'latest']);
    expect(await names('name__startswith=pub')).toEqual(['published']);
    expect(await names('pulp_label_select=missing')).toEqual([]);
    expect(await client.call(`${DISTRIBUTIONS}?repository_version=${version}`)).toEqual({
      status: 400,
      body: { errors: ["Invalid Filter: 'repository_version'"] },
    });
    // Other types' distributions are not listed here.
    await client.waitForTask(
      (await client.send(`${API}distributions/core/openpgp/`, { name: 'keys', base_path: 'keys' })).body.task,
    );
    expect(await names('name=keys')).toEqual([]);
  });

  it('sets labels and deletes through a task', async () => {
    const body = await create({ name: 'deleted', base_path: 'deleted' });
    expect(await client.send(`${body.pulp_href}set_label/`, { key: 'k', value: 'v' })).toEqual({
      status: 200,
      body: { key: 'k', value: 'v' },
    });
    const deleted = await task(await client.call(body.pulp_href, { method: 'DELETE' }));
    expect(deleted).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.base.ageneral_delete' });
    expect((await client.call(body.pulp_href)).status).toBe(404);
  });
});
