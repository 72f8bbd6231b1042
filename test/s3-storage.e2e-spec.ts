import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { adminSite, type ApiClient, type Json } from './support/api-client';
import { completed, distribute, distributedFiles, publishedRepository, uploadedFile } from './support/distribute';
import { FileFixtures, sha256 } from './support/file-fixtures';
import { createFileRemote } from './support/file-remotes';
import type { PulpProcess } from './support/pulp-process';
import { S3Server } from './support/s3-server';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const CONTENT = '/pulp/content/';

const key = (digest: string) => `artifact/${digest.slice(0, 2)}/${digest.slice(2)}`;
const fresh = (name: string) => `${name} ${Math.random()}\n`;

// The whole file workflow with STORAGES.default on S3 (s3rver on 127.0.0.1, test/support/s3-server.ts):
// upload, sync (immediate, on_demand), publish, distribute, serve (redirected and streamed),
// reclaim, repair, orphan cleanup, status and check.
describe('file workflow on S3 storage', () => {
  let s3: S3Server;
  let site: TestSite;
  let client: ApiClient;
  /** Redirects to presigned URLs (REDIRECT_TO_OBJECT_STORAGE, the default). */
  let redirecting: PulpProcess;
  /** Streams from the bucket itself (REDIRECT_TO_OBJECT_STORAGE=false). */
  let streaming: PulpProcess;
  const upstreams: FileFixtures[] = [];

  const upstream = async (files: Array<{ path: string; content: string }>) => {
    const fixtures = await FileFixtures.start({ files });
    upstreams.push(fixtures);
    return fixtures;
  };
  /** A repository synced from `fixtures` with `policy`, distributed at a new base path; that base path. */
  const syncedAndDistributed = async (fixtures: FileFixtures, policy: string) => {
    const repository = await publishedRepository(client);
    const remote = await createFileRemote(client, { url: fixtures.url, policy, max_retries: 0 });
    await completed(client, client.send(`${repository}sync/`, { remote }));
    const basePath = `s3-${Math.random().toString(36).slice(2)}`;
    await distribute(client, basePath, repository);
    return { repository, basePath };
  };
  /** Two new upstream files, a repository and an immediate remote of them, not synced yet. */
  const syncToCome = async () => {
    const files = [
      { path: 'one.txt', content: fresh('one') },
      { path: 'two.txt', content: fresh('two') },
    ];
    const fixtures = await upstream(files);
    const repository = await publishedRepository(client);
    const remote = await createFileRemote(client, { url: fixtures.url, policy: 'immediate', max_retries: 0 });
    return { files, repository, remote };
  };
  const get = (server: PulpProcess, path: string, init: RequestInit = {}) =>
    fetch(`${server.baseUrl}${CONTENT}${path}`, { redirect: 'manual', ...init });
  const objectBytes = async (name: string) => {
    const { Body } = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: name }));
    return Buffer.from(await Body!.transformToByteArray());
  };
  const artifactRows = (digest: string) => site.count(`core_artifact WHERE sha256 = '${digest}'`);

  beforeAll(async () => {
    s3 = await S3Server.start();
    ({ site, client } = await adminSite({ STORAGES: s3.storages(), MEDIA_ROOT: '' }));
    [redirecting, streaming] = await Promise.all([
      site.start('content'),
      site.start('content', { env: { PULP_REDIRECT_TO_OBJECT_STORAGE: 'false' } }),
    ]);
  });

  afterAll(async () => {
    await Promise.all(upstreams.map((fixtures) => fixtures.close()));
    await site?.destroy();
    await s3?.close();
  });

  it('uploads into the bucket, and nothing onto the local disk', async () => {
    const data = Buffer.from(fresh('uploaded'));
    await uploadedFile(client, `up-${Math.random()}.txt`, data);
    expect(await s3.keys(key(sha256(data)))).toEqual([key(sha256(data))]);
    expect((await objectBytes(key(sha256(data)))).equals(data)).toBe(true);
    expect(existsSync(join(site.dir, 'media', 'artifact'))).toBe(false);
  });

  it('syncs immediately into the bucket and serves with a redirect to a presigned URL', async () => {
    const files = [
      { path: 'a.txt', content: fresh('alpha') },
      { path: 'dir/b.bin', content: fresh('bravo') },
    ];
    const { basePath } = await syncedAndDistributed(await upstream(files), 'immediate');
    for (const file of files) {
      expect(await s3.keys(key(sha256(file.content)))).toHaveLength(1);
    }
    const answer = await get(redirecting, `${basePath}/a.txt`);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('content-disposition')).toBe('attachment;filename=a.txt');
    expect(answer.headers.get('content-type')).toBe('text/plain');
    expect(answer.headers.get('x-pulp-artifact-size')).toBe(String(Buffer.byteLength(files[0].content)));
    const location = answer.headers.get('location')!;
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/${key(sha256(files[0].content))}?`)).toBe(true);
    const followed = await fetch(location);
    expect(followed.status).toBe(200);
    expect(followed.headers.get('content-disposition')).toBe('attachment;filename=a.txt');
    expect(followed.headers.get('content-type')).toBe('text/plain');
    expect(await followed.text()).toBe(files[0].content);

    // HEAD gets a URL signed for HEAD.
    const head = await get(redirecting, `${basePath}/a.txt`, { method: 'HEAD' });
    expect(head.status).toBe(302);
    const headLocation = head.headers.get('location')!;
    expect(headLocation).not.toBe(location);
    expect((await fetch(headLocation, { method: 'HEAD' })).status).toBe(200);
    expect((await get(redirecting, `${basePath}/dir/b.bin`)).headers.get('content-disposition')).toBe(
      'attachment;filename=b.bin',
    );
  });

  it('redirects a file whose name is beyond ASCII with its UTF-8 name in filename*', async () => {
    const data = Buffer.from(fresh('unicode'));
    const basePath = `s3-${Math.random().toString(36).slice(2)}`;
    await distributedFiles(client, basePath, { 'données/файл.txt': data });
    const answer = await get(redirecting, `${basePath}/données/файл.txt`);
    expect(answer.status).toBe(302);
    const disposition = `attachment;filename="____.txt";filename*=UTF-8''%D1%84%D0%B0%D0%B9%D0%BB.txt`;
    expect(answer.headers.get('content-disposition')).toBe(disposition);
    const followed = await fetch(answer.headers.get('location')!);
    expect([followed.status, followed.headers.get('content-disposition')]).toEqual([200, disposition]);
    expect(Buffer.from(await followed.arrayBuffer()).equals(data)).toBe(true);
  });

  it('streams from the bucket with REDIRECT_TO_OBJECT_STORAGE off, ranges included', async () => {
    // Larger than the content app keeps in memory, so every request reads the bucket.
    const content = 'x'.repeat(300 * 1024) + fresh('tail');
    const { basePath } = await syncedAndDistributed(await upstream([{ path: 'big.txt', content }]), 'immediate');
    const whole = await get(streaming, `${basePath}/big.txt`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toBeNull();
    expect(await whole.text()).toBe(content);
    const range = await get(streaming, `${basePath}/big.txt`, { headers: { range: 'bytes=307200-' } });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 307200-${content.length - 1}/${content.length}`);
    expect(await range.text()).toBe(content.slice(307200));
  });

  it('syncs on_demand, saves what is first served into the bucket, then redirects', async () => {
    const content = fresh('lazy');
    const { basePath } = await syncedAndDistributed(await upstream([{ path: 'lazy.txt', content }]), 'on_demand');
    expect(await s3.keys(key(sha256(content)))).toEqual([]);
    const first = await get(redirecting, `${basePath}/lazy.txt`);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe(content);
    expect(await s3.keys(key(sha256(content)))).toEqual([key(sha256(content))]);
    expect(await artifactRows(sha256(content))).toBe(1);
    const second = await get(redirecting, `${basePath}/lazy.txt`);
    expect(second.status).toBe(302);
    expect(await (await fetch(second.headers.get('location')!)).text()).toBe(content);
  });

  it('reclaims space: the objects go, and the content is fetched again when asked for', async () => {
    const content = fresh('reclaimed');
    const { repository, basePath } = await syncedAndDistributed(
      await upstream([{ path: 'r.txt', content }]),
      'immediate',
    );
    expect(await s3.keys(key(sha256(content)))).toHaveLength(1);
    await completed(client, client.send(`${API}repositories/reclaim_space/`, { repo_hrefs: [repository] }));
    expect(await s3.keys(key(sha256(content)))).toEqual([]);
    expect(await artifactRows(sha256(content))).toBe(0);
    const served = await get(redirecting, `${basePath}/r.txt`);
    expect(await served.text()).toBe(content);
    expect(await s3.keys(key(sha256(content)))).toHaveLength(1);
  });

  it('repairs missing and corrupted objects from the remote', async () => {
    const files = [
      { path: 'gone.txt', content: fresh('gone') },
      { path: 'damaged.txt', content: fresh('damaged') },
    ];
    await syncedAndDistributed(await upstream(files), 'immediate');
    const [gone, damaged] = files.map((file) => key(sha256(file.content)));
    await s3.delete(gone);
    await s3.put(damaged, 'tampered');
    const { status, body } = await client.send(`${API}repair/`, {});
    expect(status).toBe(202);
    const task = await client.waitForTask(body.task as string);
    expect(task.state).toBe('completed');
    const reports = Object.fromEntries(task.progress_reports.map((report: Json) => [report.code, report.done]));
    expect(reports).toMatchObject({ 'repair.missing': 1, 'repair.corrupted': 1, 'repair.repaired': 2 });
    expect((await objectBytes(gone)).toString()).toBe(files[0].content);
    expect((await objectBytes(damaged)).toString()).toBe(files[1].content);
  });

  it('removes the objects of orphaned artifacts in orphan cleanup', async () => {
    const content = fresh('orphan');
    const { repository } = await syncedAndDistributed(await upstream([{ path: 'o.txt', content }]), 'immediate');
    await completed(client, client.call(repository, { method: 'DELETE' }));
    expect(await s3.keys(key(sha256(content)))).toHaveLength(1);
    await completed(client, client.send(`${API}orphans/cleanup/`, { orphan_protection_time: 0 }));
    expect(await artifactRows(sha256(content))).toBe(0);
    expect(await s3.keys(key(sha256(content)))).toEqual([]);
  });

  it('reports what artifacts use in the storage block of status, with no total or free', async () => {
    const { body } = await client.call(`${API}status/`);
    const [{ used }] = await site.query<{ used: string }>('SELECT sum(size)::text AS used FROM core_artifact');
    expect(body.storage).toEqual({ total: null, used: Number(used), free: null });
  });

  it('checks the storage in pulpcore-manager check', async () => {
    const good = await site.manager(['check']);
    expect(good.output).not.toContain('Storage:');
    expect(good.output).not.toContain('MEDIA_ROOT');
    const wrong = await site.manager(['check'], { PULP_STORAGES__default__OPTIONS__bucket_name: 'no-such-bucket' });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain('Storage: ');
  });

  it('refuses bad storage OPTIONS at start-up with a clear message', async () => {
    const typo = { PULP_STORAGES__default__OPTIONS__bucket: 'typo' };
    const message = 'STORAGES.default.OPTIONS for storages.backends.s3.S3Storage are invalid: bucket: Unexpected field';
    const worker = site.spawn('worker', [], typo);
    expect((await worker.exited).code).not.toBe(0);
    expect(worker.output).toContain(message);
    const check = await site.manager(['check'], typo);
    expect(check.code).toBe(1);
    expect(check.output).toContain(message);
  });

  it('leaves no object and no row when storage fails during an upload or a sync', async () => {
    const data = Buffer.from(fresh('never stored'));
    const { files, repository, remote } = await syncToCome();
    await s3.setMode('fail');
    try {
      const upload = await client.sendForm(`${API}artifacts/`, data);
      expect(upload.status).toBeGreaterThanOrEqual(500);
      const sync = await client.accepted(await client.send(`${repository}sync/`, { remote }));
      expect(sync.state).toBe('failed');
    } finally {
      await s3.setMode('ok');
    }
    for (const digest of [sha256(data), ...files.map((file) => sha256(file.content))]) {
      expect(await artifactRows(digest)).toBe(0);
      expect(await s3.keys(key(digest))).toEqual([]);
    }
  });

  // A process killed to cancel its task cannot take back a PUT whose bytes were sent: the server
  // may store the object after the kill (s3rver even stores an empty one, as it checks no length;
  // S3 would refuse a short body). No row names it, and the next store of that file replaces an
  // object of the wrong size.
  it('a sync canceled while it uploads leaves no row, and the next sync stores the right bytes', async () => {
    const { files, repository, remote } = await syncToCome();
    await s3.setMode('hold');
    try {
      const uploading = s3.held(1);
      const { body } = await client.send(`${repository}sync/`, { remote });
      await uploading;
      expect((await client.send(body.task as string, { state: 'canceled' }, 'PATCH')).status).toBe(200);
      expect((await client.waitForTask(body.task as string)).state).toBe('canceled');
    } finally {
      // The held uploads reach s3rver now, from a task process that is gone.
      await s3.setMode('ok');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const file of files) {
      expect(await artifactRows(sha256(file.content))).toBe(0);
    }
    await completed(client, client.send(`${repository}sync/`, { remote }));
    for (const file of files) {
      expect(await artifactRows(sha256(file.content))).toBe(1);
      expect((await objectBytes(key(sha256(file.content)))).toString()).toBe(file.content);
    }
  });
});
