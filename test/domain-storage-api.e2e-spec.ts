import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminSite, type ApiClient, type Json } from './support/api-client';
import { completed, distributedFiles } from './support/distribute';
import { sha256 } from './support/file-fixtures';
import { createUser, DENIED, grant } from './support/rbac';
import type { PulpProcess } from './support/pulp-process';
import { S3Server } from './support/s3-server';
import type { TestSite } from './support/test-site';

const FILESYSTEM = 'pulpcore.app.models.storage.FileSystem';
const S3 = 'storages.backends.s3.S3Storage';
const api = (domain: string) => `/pulp/${domain}/api/v3/`;
const fresh = (name: string) => Buffer.from(`${name} ${Math.random()}\n`);
const tail = (digest: string) => `${digest.slice(0, 2)}/${digest.slice(2)}`;

// Domains on storages of their own (docs/domains.md, "Each domain's storage"), served side by side
// by the real processes, and a domain's storage migration while its content is being fetched.
describe("domains' own storages", () => {
  let s3: S3Server;
  let site: TestSite;
  let client: ApiClient;
  let content: PulpProcess;

  const s3Settings = (location: string) => s3.storages({ location }).default.OPTIONS;
  /** Creates a domain and returns its body. */
  async function domain(name: string, fields: Record<string, unknown>): Promise<Json> {
    const created = await client.send(`${api('default')}domains/`, { name, ...fields });
    expect([name, created.status, created.body]).toEqual([name, 201, expect.anything()]);
    return created.body as Json;
  }
  /** A file distributed in `domain` at base path `files`; its sha256 (from its artifact). */
  async function served(name: string, files: Record<string, Buffer>): Promise<string[]> {
    await distributedFiles(client, 'files', files, api(name));
    const artifacts = (await client.call(`${api(name)}artifacts/?limit=100`)).body as { results: Json[] };
    return artifacts.results.map((artifact) => artifact.sha256 as string);
  }
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${content.baseUrl}/pulp/content/${path}`, { redirect: 'manual', ...init });

  beforeAll(async () => {
    s3 = await S3Server.start();
    ({ site, client } = await adminSite({ DOMAIN_ENABLED: true }));
    content = await site.start('content');
  }, 180_000);

  afterAll(async () => {
    await site?.destroy();
    await s3?.close();
  });

  it('serves a domain on S3 beside a domain on the filesystem, each from its own storage', async () => {
    const onDisk = await domain('on-disk', {
      storage_class: FILESYSTEM,
      storage_settings: { location: join(site.dir, 'on-disk') },
    });
    const onS3 = await domain('on-s3', {
      storage_class: S3,
      storage_settings: s3Settings('on-s3'),
      redirect_to_object_storage: false,
    });
    const [diskBytes, s3Bytes] = [fresh('disk'), fresh('s3')];
    const diskDigests = await served('on-disk', { 'a.txt': diskBytes });
    const s3Digests = await served('on-s3', { 'a.txt': s3Bytes });

    for (const [name, bytes] of [
      ['on-disk', diskBytes],
      ['on-s3', s3Bytes],
    ] as const) {
      const answer = await get(`${name}/files/a.txt`);
      expect([name, answer.status]).toEqual([name, 200]);
      expect(Buffer.from(await answer.arrayBuffer())).toEqual(bytes);
    }
    // The file and the publication's PULP_MANIFEST of each, under Pulp's per-domain layout.
    const diskId = (onDisk.pulp_href as string).split('/').at(-2)!;
    const s3Id = (onS3.pulp_href as string).split('/').at(-2)!;
    for (const digest of diskDigests) {
      expect(existsSync(join(site.dir, 'on-disk', 'artifact', diskId, tail(digest)))).toBe(true);
    }
    expect((await s3.keys('on-s3/')).sort()).toEqual(
      s3Digests.map((digest) => `on-s3/artifact/${s3Id}/${tail(digest)}`).sort(),
    );
    expect(readFileSync(join(site.dir, 'on-disk', 'artifact', diskId, tail(diskDigests[0]))).length).toBeGreaterThan(0);

    // Status under a domain's URL reports that domain's storage, as Pulp's does.
    const s3Status = (await client.call(`${api('on-s3')}status/`)).body as Json;
    expect(s3Status.storage).toEqual({ total: null, used: expect.any(Number), free: null });
    expect(s3Status.storage.used).toBeGreaterThanOrEqual(s3Bytes.length);
    const diskStatus = (await client.call(`${api('on-disk')}status/`)).body as Json;
    expect(diskStatus.storage.total).toEqual(expect.any(Number));

    // With redirect_to_object_storage, the S3 domain's files are a 302 to the bucket.
    await completed(client, client.send(onS3.pulp_href as string, { redirect_to_object_storage: true }, 'PATCH'));
    const redirected = await get('on-s3/files/a.txt');
    expect(redirected.status).toBe(302);
    const location = redirected.headers.get('location')!;
    expect(location.startsWith(s3.endpoint)).toBe(true);
    expect(Buffer.from(await (await fetch(location)).arrayBuffer())).toEqual(s3Bytes);
    // The filesystem domain's are streamed whatever its flag says.
    expect((await get('on-disk/files/a.txt')).status).toBe(200);
  });

  it("keeps a chunked upload's chunks in its domain's storage, and commits it there", async () => {
    const data = fresh('chunked');
    const upload = await client.send(`${api('on-s3')}uploads/`, { size: data.length });
    expect(upload.status).toBe(201);
    const href = upload.body.pulp_href as string;
    const half = Math.floor(data.length / 2);
    for (const [start, end] of [
      [0, half - 1],
      [half, data.length - 1],
    ]) {
      const sent = await client.sendForm(
        href,
        data.subarray(start, end + 1),
        {},
        { method: 'PUT', headers: { 'content-range': `bytes ${start}-${end}/${data.length}` } },
      );
      expect(sent.status).toBe(200);
    }
    const id = href.split('/').at(-2)!;
    expect((await s3.keys(`on-s3/upload/${id}/`)).length).toBe(2);

    const digest = sha256(data);
    const task = await completed(client, client.send(`${href}commit/`, { sha256: digest }));
    expect((task.created_resources as string[])[0].startsWith(`${api('on-s3')}artifacts/`)).toBe(true);
    expect(await s3.keys(`on-s3/upload/${id}/`)).toEqual([]);
    expect((await s3.keys('on-s3/artifact/')).some((key) => key.endsWith(tail(digest)))).toBe(true);
  });

  it('migrates a domain from the filesystem to S3 while its content is fetched, no request failing', async () => {
    const root = join(site.dir, 'moving');
    const moving = await domain('moving', {
      storage_class: FILESYSTEM,
      storage_settings: { location: root },
      redirect_to_object_storage: false,
    });
    const files = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`f${i}.txt`, fresh(`file ${i}`)]));
    await served('moving', files);

    let migrating = true;
    const failures: string[] = [];
    let fetched = 0;
    const fetching = (async () => {
      while (migrating) {
        for (const [path, bytes] of Object.entries(files)) {
          const answer = await get(`moving/files/${path}`);
          const body = Buffer.from(await answer.arrayBuffer());
          fetched += 1;
          if (answer.status !== 200 || !body.equals(bytes)) {
            failures.push(`${path}: ${answer.status}`);
          }
        }
      }
    })();
    // An upload under way: its first chunk goes in before the migration, its second after.
    const data = fresh('chunked across the switch');
    const half = Math.floor(data.length / 2);
    const upload = (await client.send(`${api('moving')}uploads/`, { size: data.length })).body.pulp_href as string;
    const chunk = (start: number, end: number) =>
      client.sendForm(
        upload,
        data.subarray(start, end + 1),
        {},
        { method: 'PUT', headers: { 'content-range': `bytes ${start}-${end}/${data.length}` } },
      );
    expect((await chunk(0, half - 1)).status).toBe(200);
    const task = await completed(
      client,
      client.send(`${api('moving')}domains/migrate/`, { storage_class: S3, storage_settings: s3Settings('moved') }),
    );
    // Fetched while the task ran, and a few more rounds after the switch: from the new storage now.
    const after = fetched;
    expect(after).toBeGreaterThan(0);
    while (fetched < after + 2 * Object.keys(files).length) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    migrating = false;
    await fetching;

    expect(failures).toEqual([]);
    expect(task.name).toBe('pulpcore.app.tasks.migrate.migrate_backend');
    const reports = task.progress_reports as Json[];
    expect(reports.map((report) => report.code).sort()).toEqual(['migrate', 'update']);
    const migrated = reports.find((report) => report.code === 'migrate')!;
    expect(migrated.done).toBe(migrated.total);
    const body = (await client.call(moving.pulp_href as string)).body as Json;
    expect(body.storage_class).toBe(S3);
    expect(body.storage_settings).toMatchObject({ bucket_name: s3.bucket, location: 'moved' });
    const movingId = (moving.pulp_href as string).split('/').at(-2)!;
    expect((await s3.keys('moved/')).length).toBeGreaterThanOrEqual(Object.keys(files).length);
    expect(
      (await s3.keys('moved/')).every(
        (key) => key.startsWith(`moved/artifact/${movingId}/`) || key.startsWith('moved/upload/'),
      ),
    ).toBe(true);
    // As in Pulp, the old storage keeps its files.
    expect(existsSync(join(root, 'artifact', movingId))).toBe(true);

    // The upload's first chunk moved with the domain: the upload completes in the new storage.
    expect((await chunk(half, data.length - 1)).status).toBe(200);
    const committed = await completed(client, client.send(`${upload}commit/`, { sha256: sha256(data) }));
    const artifact = (await client.call((committed.created_resources as string[])[0])).body as Json;
    expect(artifact.sha256).toBe(sha256(data));
  });

  it("refuses to migrate the default domain, and checks the body as a domain's create does", async () => {
    const body = { storage_class: S3, storage_settings: s3Settings('x') };
    expect(await client.send(`${api('default')}domains/migrate/`, body)).toEqual({
      status: 400,
      body: ['Default domain can not be migrated.'],
    });
    const checked = await domain('checked', {
      storage_class: FILESYSTEM,
      storage_settings: { location: join(site.dir, 'checked') },
    });
    // Allowed with core.change_domain on the URL's domain (its owner), refused without.
    const stranger = await createUser(client, 'stranger', api('checked'));
    expect(await stranger.client.send(`${api('checked')}domains/migrate/`, body)).toEqual({
      status: 403,
      body: DENIED,
    });
    const owner = await createUser(client, 'owner', api('checked'));
    // The domain as the URL's domain names it (an href of the default domain's URLs is another domain's).
    const inChecked = (await client.call(`${api('checked')}domains/?name=checked`)).body as { results: Json[] };
    expect(inChecked.results[0].pulp_href).toBe((checked.pulp_href as string).replace(api('default'), api('checked')));
    await grant(client, owner.href, 'core.domain_owner', inChecked.results[0].pulp_href as string);
    const byOwner = await owner.client.send(`${api('checked')}domains/migrate/`, {
      storage_class: FILESYSTEM,
      storage_settings: { location: join(site.dir, 'checked-too') },
    });
    expect(byOwner.status).toBe(202);
    await client.accepted(byOwner);
    const missing = await client.send(`${api('checked')}domains/migrate/`, {
      storage_class: S3,
      storage_settings: { bucket_name: 'b' },
    });
    expect(missing).toEqual({ status: 400, body: { storage_settings: { access_key: ['This field is required.'] } } });
    const unknown = await client.send(`${api('checked')}domains/migrate/`, {
      storage_class: 'storages.backends.gcloud.GoogleCloudStorage',
      storage_settings: {},
    });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body as Json)).toEqual(['storage_class']);
  });
});
