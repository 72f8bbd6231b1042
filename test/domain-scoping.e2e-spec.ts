import { adminSite, type ApiClient, type Json } from './support/api-client';
import { completed, distributedFiles, uploadedFile } from './support/distribute';
import type { PulpProcess } from './support/pulp-process';
import { rawRequest } from './support/raw-http';
import { createUser } from './support/rbac';
import type { TestSite } from './support/test-site';

const FILESYSTEM = 'pulpcore.app.models.storage.FileSystem';
const api = (domain: string) => `/pulp/${domain}/api/v3/`;
const TENANTS = ['tenant-a', 'tenant-b'] as const;
const bytesOf = (domain: string) => Buffer.from(`what ${domain} serves\n`);

// Two domains holding objects of the same names (docs/domains.md): each request sees its URL's
// domain only, through lists, reads, filters, hrefs, tasks, references and content paths.
describe('domain scoping', () => {
  let site: TestSite;
  let client: ApiClient;
  let content: PulpProcess;
  const repositories = new Map<string, string>();

  beforeAll(async () => {
    ({ site, client } = await adminSite({ DOMAIN_ENABLED: true }));
    content = await site.start('content');
    for (const domain of TENANTS) {
      const created = await client.send(`${api('default')}domains/`, {
        name: domain,
        storage_class: FILESYSTEM,
        storage_settings: { MEDIA_ROOT: '' },
      });
      expect(created.status).toBe(201);
      // The same repository, distribution and file names in both domains.
      repositories.set(domain, await distributedFiles(client, 'shared', { 'same.txt': bytesOf(domain) }, api(domain)));
    }
  }, 180_000);

  afterAll(() => site?.destroy());

  const list = async (path: string) => {
    const answer = await client.call(path);
    expect([path, answer.status]).toEqual([path, 200]);
    return answer.body as { count: number; results: Json[] };
  };

  it('lists and filters only the objects of the domain in the URL, with hrefs in it', async () => {
    for (const domain of TENANTS) {
      for (const collection of ['repositories/file/file/', 'distributions/file/file/', 'content/file/files/']) {
        const page = await list(`${api(domain)}${collection}`);
        expect([collection, page.count]).toEqual([collection, 1]);
        expect(page.results[0].pulp_href.startsWith(api(domain))).toBe(true);
      }
      const byName = await list(`${api(domain)}distributions/file/file/?name=shared`);
      expect(byName.count).toBe(1);
      const distribution = (await list(`${api(domain)}distributions/file/file/?base_path=shared`)).results[0];
      expect(distribution.base_url).toBe(`/pulp/content/${domain}/shared/`);
      expect(distribution.repository).toBe(repositories.get(domain));
      const versions = await list(`${repositories.get(domain)}versions/`);
      expect(versions.results.every((version) => version.pulp_href.startsWith(api(domain)))).toBe(true);
      const tasks = await list(`${api(domain)}tasks/?limit=1000`);
      expect(tasks.count).toBeGreaterThan(0);
      expect(tasks.results.every((task) => task.pulp_href.startsWith(api(domain)))).toBe(true);
      // The file and the publication's PULP_MANIFEST, stored by a worker in the task's domain.
      expect((await list(`${api(domain)}artifacts/`)).count).toBe(2);
    }
    // The default domain holds none of them.
    for (const collection of ['repositories/file/file/', 'content/file/files/', 'artifacts/', 'tasks/']) {
      expect([collection, (await list(`${api('default')}${collection}`)).count]).toEqual([collection, 0]);
    }
  });

  it("does not find an object through another domain's URL", async () => {
    const href = repositories.get('tenant-a')!;
    const elsewhere = href.replace(api('tenant-a'), api('tenant-b'));
    expect(await client.call(elsewhere)).toEqual({ status: 404, body: { detail: 'Not found.' } });
    expect((await client.call(`${elsewhere}versions/`)).status).toBe(404);
    expect((await client.send(elsewhere, { description: 'taken over' }, 'PATCH')).status).toBe(404);
    expect((await client.send(`${elsewhere}modify/`, { add_content_units: [] })).status).toBe(404);
    expect((await client.call(elsewhere, { method: 'DELETE' })).status).toBe(404);
    expect((await client.call(href)).status).toBe(200);
  });

  it('refuses a reference to an object of another domain', async () => {
    const foreign = repositories.get('tenant-a')!;
    const answer = await client.send(`${api('tenant-b')}distributions/file/file/`, {
      name: 'foreign',
      base_path: 'foreign',
      repository: foreign,
    });
    expect(answer).toEqual({
      status: 400,
      body: { non_field_errors: ['Objects must all be a part of the tenant-b domain.'] },
    });
    // The same id under the domain's own prefix names no object of it either.
    const disguised = await client.send(`${api('tenant-b')}distributions/file/file/`, {
      name: 'foreign',
      base_path: 'foreign',
      repository: foreign.replace(api('tenant-a'), api('tenant-b')),
    });
    expect(disguised.status).toBe(400);
    const unit = (await list(`${api('tenant-a')}content/file/files/`)).results[0].pulp_href as string;
    const modify = await client.send(`${repositories.get('tenant-b')}modify/`, { add_content_units: [unit] });
    expect(modify.status).toBe(400);
  });

  it("serves each domain's distribution at its own content path", async () => {
    for (const domain of TENANTS) {
      const served = await rawRequest(content.baseUrl!, `/pulp/content/${domain}/shared/same.txt`);
      expect([domain, served.status, served.body.toString()]).toEqual([domain, 200, bytesOf(domain).toString()]);
      const listing = await rawRequest(content.baseUrl!, `/pulp/content/${domain}/`);
      expect(listing.status).toBe(200);
      expect(listing.body.toString()).toContain('shared/');
    }
    expect((await rawRequest(content.baseUrl!, '/pulp/content/default/shared/same.txt')).status).toBe(404);
    // The root lists no domain's distributions, and stays the health check.
    expect((await rawRequest(content.baseUrl!, '/pulp/content/')).status).toBe(404);
    expect((await rawRequest(content.baseUrl!, '/pulp/content/', { method: 'HEAD' })).status).toBe(200);
    expect((await rawRequest(content.baseUrl!, '/pulp/content/no-such-domain/shared/same.txt')).status).toBe(404);
  });

  it('keeps names unique per domain, not across domains', async () => {
    const again = await client.send(`${api('tenant-a')}distributions/file/file/`, { name: 'shared', base_path: 'again' });
    expect(again).toEqual({ status: 400, body: { name: ['This field must be unique.'] } });
    const upload = await uploadedFile(client, 'only-b.txt', Buffer.from('b only'), api('tenant-b'));
    expect(upload.startsWith(api('tenant-b'))).toBe(true);
    await completed(client, client.send(`${repositories.get('tenant-b')}modify/`, { add_content_units: [upload] }));
    expect((await list(`${api('tenant-a')}content/file/files/?relative_path=only-b.txt`)).count).toBe(0);
  });

  it("gives a domain's owner everything in that domain and nothing elsewhere", async () => {
    const owner = await createUser(client, 'tenant-a-owner', api('tenant-a'));
    const domain = (await list(`${api('tenant-a')}domains/?name=tenant-a`)).results[0].pulp_href as string;
    for (const role of ['file.filerepository_owner', 'file.filerepository_creator']) {
      const given = await client.send(`${owner.href}roles/`, { role, content_object: null, domain });
      expect([role, given.status]).toEqual([role, 201]);
    }
    const own = await owner.client.call(`${api('tenant-a')}repositories/file/file/`);
    expect(own.body.results.map((repository: Json) => repository.pulp_href)).toEqual([repositories.get('tenant-a')]);
    const elsewhere = await owner.client.call(`${api('tenant-b')}repositories/file/file/`);
    expect([elsewhere.status, elsewhere.body.count]).toEqual([200, 0]);
    expect((await owner.client.call(repositories.get('tenant-b')!)).status).toBe(404);
    expect((await owner.client.send(`${api('tenant-a')}repositories/file/file/`, { name: 'owned' })).status).toBe(201);
    expect((await owner.client.send(`${api('tenant-b')}repositories/file/file/`, { name: 'owned' })).status).toBe(403);
  });

  it("purges the tasks of the URL's domain only", async () => {
    const kept = (await list(`${api('tenant-a')}tasks/`)).count;
    const finishedBefore = new Date(Date.now() + 60_000).toISOString();
    const purge = { finished_before: finishedBefore, states: ['completed'] };
    await completed(client, client.send(`${api('tenant-b')}tasks/purge/`, purge));
    expect((await list(`${api('tenant-a')}tasks/`)).count).toBe(kept);
    const left = (await list(`${api('tenant-b')}tasks/`)).results.map((task) => task.name);
    expect(left).toEqual(['pulpcore.app.tasks.purge.purge']);
  });

  it('answers 404 for a domain that does not exist, and serves it once it does', async () => {
    expect(await client.call(`${api('no-such-domain')}repositories/file/file/`)).toEqual({
      status: 404,
      body: { detail: 'Not found.' },
    });
    // Looked up as unknown first: the domain's creation makes it known at once.
    expect((await client.call(`${api('late')}repositories/file/file/`)).status).toBe(404);
    const created = await client.send(`${api('default')}domains/`, {
      name: 'late',
      storage_class: FILESYSTEM,
      storage_settings: { MEDIA_ROOT: '' },
    });
    expect(created.status).toBe(201);
    expect((await list(`${api('late')}repositories/file/file/`)).count).toBe(0);
  });
});
