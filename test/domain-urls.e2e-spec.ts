import { ADMIN, adminSite, ApiClient, type Json } from './support/api-client';
import { completed, distributedFiles } from './support/distribute';
import type { PulpProcess } from './support/pulp-process';
import { rawRequest } from './support/raw-http';
import type { TestSite } from './support/test-site';

const ROOT_API = '/pulp/api/v3/';
const API = '/pulp/default/api/v3/';
const HELLO = Buffer.from('hello, domains\n');
const DOMAINS_ON = { PULP_DOMAIN_ENABLED: 'true' };

// DOMAIN_ENABLED's URL layout (docs/domains.md): resources under /pulp/<domain>/api/v3/, content
// under /pulp/content/<domain>/, status and docs outside domains.
describe('domain URLs', () => {
  let site: TestSite;
  let client: ApiClient;
  let before: string;
  let content: PulpProcess;

  beforeAll(async () => {
    // An installation that has run without domains: a repository and a distribution in it.
    const started = await adminSite();
    site = started.site;
    before = await distributedFiles(started.client, 'before', { 'hello.txt': HELLO });
    await Promise.all(site.processes.map((process) => process.stop()));
    const [api] = await Promise.all([
      site.start('api', { env: DOMAINS_ON }),
      site.start('worker', { env: DOMAINS_ON }),
    ]);
    content = await site.start('content', { env: DOMAINS_ON });
    client = new ApiClient(api);
  });

  afterAll(() => site?.destroy());

  const get = async (path: string) => (await client.call(path)).body as Json;

  it('keeps what existed in the default domain when domains are turned on', async () => {
    const id = before.split('/').at(-2)!;
    const repository = await get(`${API}repositories/file/file/${id}/`);
    expect(repository.pulp_href).toBe(`${API}repositories/file/file/${id}/`);
    expect(repository.latest_version_href).toBe(`${API}repositories/file/file/${id}/versions/1/`);
    const distribution = (await get(`${API}distributions/file/file/?name=before`)).results[0];
    expect(distribution.base_url).toBe('/pulp/content/default/before/');
    expect(distribution.repository).toBe(repository.pulp_href);

    const served = await rawRequest(content.baseUrl!, '/pulp/content/default/before/hello.txt');
    expect(served.status).toBe(200);
    expect(served.body.equals(HELLO)).toBe(true);
    expect((await rawRequest(content.baseUrl!, '/pulp/content/before/hello.txt')).status).toBe(404);
  });

  it('answers resources only inside a domain, status and docs outside too', async () => {
    const outside = await client.call(`${ROOT_API}repositories/file/file/`);
    expect(outside).toEqual({ status: 404, body: { detail: 'Not found.' } });
    expect((await client.call(`${ROOT_API}tasks/`)).status).toBe(404);
    for (const path of [`${ROOT_API}status/`, `${API}status/`, `${ROOT_API}docs/api.json`, `${ROOT_API}livez/`]) {
      expect([path, (await client.call(path)).status]).toEqual([path, 200]);
    }
    expect((await fetch(`${client.baseUrl}${ROOT_API}docs/`)).status).toBe(200);
  });

  it('answers 404 for a name that is no domain', async () => {
    const other = await client.call('/pulp/team-a/api/v3/repositories/file/file/');
    expect(other).toEqual({ status: 404, body: { detail: 'Not found.' } });
    expect((await client.call('/pulp/no%20such/api/v3/repositories/file/file/')).status).toBe(404);
  });

  it('names everything it answers inside the domain: hrefs, tasks, created resources, pages', async () => {
    const created = await client.send(`${API}repositories/file/file/`, { name: 'inside' });
    expect(created.status).toBe(201);
    const repository = created.body.pulp_href as string;
    expect(repository.startsWith(`${API}repositories/file/file/`)).toBe(true);

    const answer = await client.send(`${API}distributions/file/file/`, {
      name: 'inside',
      base_path: 'inside',
      repository,
    });
    expect(answer.body.task).toMatch(new RegExp(`^${API}tasks/[0-9a-f-]{36}/$`));
    const task = await completed(client, Promise.resolve(answer));
    expect(task.pulp_href).toBe(answer.body.task);
    expect(task.created_resources).toEqual([expect.stringMatching(new RegExp(`^${API}distributions/file/file/`))]);

    const page = await get(`${API}repositories/file/file/?limit=1`);
    expect(page.count).toBe(2);
    expect(new URL(page.next as string).pathname).toBe(`${API}repositories/file/file/`);
  });

  it('serves the schema with the domain as a path parameter of every collection', async () => {
    const document = (await fetch(`${client.baseUrl}${ROOT_API}docs/api.json`, { headers: ADMIN }).then((r) =>
      r.json(),
    )) as Json;
    expect(document.info['x-pulp-domain-enabled']).toBe(true);
    const paths = document.paths as Record<string, Record<string, Json>>;
    const list = paths['/pulp/{pulp_domain}/api/v3/repositories/file/file/'].get;
    expect(list.parameters).toContainEqual({
      in: 'path',
      name: 'pulp_domain',
      schema: { type: 'string' },
      required: true,
      'x-isDomain': true,
    });
    expect(paths['/pulp/api/v3/repositories/file/file/']).toBeUndefined();
    expect(paths['/pulp/api/v3/status/'].get.parameters ?? []).not.toContainEqual(
      expect.objectContaining({ name: 'pulp_domain' }),
    );
    const read = paths['{file_file_repository_href}'].get;
    expect(read.parameters).not.toContainEqual(expect.objectContaining({ name: 'pulp_domain' }));
    // pulp-glue substitutes one path parameter per call (client-contract.md §3).
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const inPath = ((operation.parameters ?? []) as Json[]).filter((parameter) => parameter.in === 'path');
        expect([path, method, inPath.length <= 1]).toEqual([path, method, true]);
      }
    }
  });
});
