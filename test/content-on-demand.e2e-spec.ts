import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminSite, type ApiClient } from './support/api-client';
import { completed, distribute, publishedRepository } from './support/distribute';
import { FileFixtures, sha256, type FixtureOptions } from './support/file-fixtures';
import { createFileRemote } from './support/file-remotes';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { rawRequest } from './support/raw-http';
import type { TestSite } from './support/test-site';

const P = '/pulp/content/';
/**
 * An upstream's files, new bytes for each: content units are shared by every repository of the
 * domain (same path and digest), and so are their remote artifacts, so each scenario needs its own.
 */
const upstreamFiles = () => ({
  'a.txt': Buffer.concat([Buffer.from('alpha, fetched on demand '), randomBytes(8)]),
  'deep/b.bin': randomBytes(200 * 1024),
  'large.bin': randomBytes(4 * 1024 * 1024),
});

// On-demand and streamed content (content-app spec §7): fetched from the remote while streaming.
describe('content app: on-demand content', () => {
  let site: TestSite;
  let client: ApiClient;
  let content: PulpProcess;
  const upstreams: FileFixtures[] = [];

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    rawRequest(content.baseUrl!, path, { method, headers });
  /** An upstream with new files (and `options`' faults), synced with `policy` and distributed at `basePath`. */
  const mirrored = async (basePath: string, policy: string, options: FixtureOptions = {}) => {
    const files = upstreamFiles();
    const upstream = await FileFixtures.start({
      files: Object.entries(files).map(([path, content]) => ({ path, content })),
      ...options,
    });
    upstreams.push(upstream);
    const remote = await createFileRemote(client, { url: upstream.url, policy, max_retries: 0 });
    const repository = await publishedRepository(client, { remote });
    await completed(client, client.send(`${repository}sync/`, {}));
    await distribute(client, basePath, repository);
    return { upstream, files };
  };
  /** The artifacts stored with this content's sha256. */
  const artifacts = async (data: Buffer) =>
    Number((await site.query('SELECT count(*) AS n FROM core_artifact WHERE sha256 = $1', [sha256(data)]))[0].n);
  /** Content artifacts linked to the artifact with this content's sha256. */
  const linked = async (data: Buffer) =>
    Number(
      (
        await site.query(
          'SELECT count(*) AS n FROM core_contentartifact ca JOIN core_artifact a ON a.pulp_id = ca.artifact_id WHERE a.sha256 = $1',
          [sha256(data)],
        )
      )[0].n,
    );
  /** Files left in the working directory (downloads in progress or abandoned). */
  const spooled = () => {
    try {
      return readdirSync(join(site.dir, 'tmp'), { recursive: true, withFileTypes: true }).filter((entry) =>
        entry.isFile(),
      ).length;
    } catch {
      return 0;
    }
  };

  beforeAll(async () => {
    ({ site, client } = await adminSite());
    content = await site.start('content', { args: ['--access-logfile', '-'] });
  });

  afterAll(async () => {
    await Promise.all(upstreams.map((upstream) => upstream.close()));
    await site?.destroy();
  });

  it('streams an on-demand file on its first request and saves it: later requests need no upstream', async () => {
    const { upstream, files } = await mirrored('lazy', 'on_demand');
    expect(await artifacts(files['a.txt'])).toBe(0);
    const first = await get(`${P}lazy/a.txt`);
    expect(first.status).toBe(200);
    expect(first.body.equals(files['a.txt'])).toBe(true);
    expect(first.headers['content-length']).toBe(String(files['a.txt'].length));
    // The response ends only once the artifact is saved and linked.
    expect(await artifacts(files['a.txt'])).toBe(1);
    expect(await linked(files['a.txt'])).toBe(1);

    const nested = await get(`${P}lazy/deep/b.bin`);
    expect(nested.body.equals(files['deep/b.bin'])).toBe(true);
    await upstream.close();
    upstreams.splice(upstreams.indexOf(upstream), 1);
    for (const [path, data] of [
      ['a.txt', files['a.txt']],
      ['deep/b.bin', files['deep/b.bin']],
    ] as const) {
      const again = await get(`${P}lazy/${path}`);
      expect(again.status).toBe(200);
      expect(again.body.equals(data)).toBe(true);
      expect(again.headers.etag).toBe(`"${sha256(data)}"`);
    }
    expect(spooled()).toBe(0);
    expect(content.output).toMatch(/"GET \/pulp\/content\/lazy\/a\.txt HTTP\/1\.1" 200 \d+/);
  });

  it('answers HEAD once the upstream answers, and still fetches and keeps the file', async () => {
    const { files } = await mirrored('headed', 'on_demand');
    const head = await get(`${P}headed/deep/b.bin`, {}, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([
      200,
      String(files['deep/b.bin'].length),
      0,
    ]);
    expect(
      await pollUntil(
        () => artifacts(files['deep/b.bin']),
        (n) => n === 1,
      ),
    ).toBe(1);
  });

  it('never reads a local file for a remote artifact outside ALLOWED_IMPORT_PATHS', async () => {
    const { files } = await mirrored('local', 'on_demand');
    await site.query(`UPDATE core_remoteartifact SET url = 'file:///etc/hostname' WHERE sha256 = $1`, [
      sha256(files['a.txt']),
    ]);
    const answer = await get(`${P}local/a.txt`);
    expect(answer.status).toBe(404);
    expect(content.output).toMatch(/Not fetching a\.txt from remote \S+: The path '\/etc\/hostname' does not start/);
  });

  it('serves a range of an on-demand file', async () => {
    const { files } = await mirrored('ranged', 'on_demand');
    const data = files['deep/b.bin'];
    const answer = await get(`${P}ranged/deep/b.bin`, { range: 'bytes=1000-1999' });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe(`bytes 1000-1999/${data.length}`);
    expect(answer.body.equals(data.subarray(1000, 2000))).toBe(true);
    const refused = await get(`${P}ranged/a.txt`, { range: `bytes=${files['a.txt'].length}-` });
    expect(refused.status).toBe(416);
  });

  it('streams a streamed file every time and saves nothing', async () => {
    const { upstream, files } = await mirrored('streamed', 'streamed');
    const data = files['deep/b.bin'];
    for (let n = 0; n < 2; n++) {
      const answer = await get(`${P}streamed/deep/b.bin`);
      expect(answer.body.equals(data)).toBe(true);
    }
    expect(upstream.requests.get('deep/b.bin')).toBe(2);
    expect(await artifacts(data)).toBe(0);
    expect(spooled()).toBe(0);
  });

  it('saves one artifact for ten concurrent requests of one missing file', async () => {
    const { files } = await mirrored('concurrent', 'on_demand');
    const data = files['deep/b.bin'];
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(`${P}concurrent/deep/b.bin`)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.equals(data)).toBe(true);
    }
    expect(await artifacts(data)).toBe(1);
    const [row] = await site.query<{ file: string; size: string }>(
      'SELECT file, size FROM core_artifact WHERE sha256 = $1',
      [sha256(data)],
    );
    expect(Number(row.size)).toBe(data.length);
    expect(await linked(data)).toBe(1);
    expect(spooled()).toBe(0);
  });

  it('keeps nothing when the client goes away mid-stream', async () => {
    const { files } = await mirrored('abandoned', 'on_demand', { stalled: ['large.bin'] });
    await new Promise<void>((resolve, reject) => {
      const { hostname, port } = new URL(content.baseUrl!);
      const outgoing = request({ hostname, port, path: `${P}abandoned/large.bin` }, (response) => {
        response.once('data', () => {
          outgoing.destroy();
          resolve();
        });
      });
      outgoing.on('error', (error) => (outgoing.destroyed ? undefined : reject(error)));
      outgoing.end();
    });
    expect(
      await pollUntil(
        () => Promise.resolve(spooled()),
        (files) => files === 0,
      ),
    ).toBe(0);
    await sleep(300);
    expect(await artifacts(files['large.bin'])).toBe(0);
  });

  it('breaks the response (never a truncated 200) when the upstream dies mid-stream, and keeps nothing', async () => {
    const { files } = await mirrored('dying', 'on_demand', { dropped: ['large.bin'] });
    await expect(get(`${P}dying/large.bin`)).rejects.toThrow();
    expect(await artifacts(files['large.bin'])).toBe(0);
    expect(
      await pollUntil(
        () => Promise.resolve(spooled()),
        (files) => files === 0,
      ),
    ).toBe(0);
  });

  it('breaks the response for a wrong checksum, keeps nothing and puts the remote artifact in cooldown', async () => {
    const { files } = await mirrored('corrupt', 'on_demand', { corrupt: ['deep/b.bin'] });
    await expect(get(`${P}corrupt/deep/b.bin`)).rejects.toThrow();
    expect(await artifacts(files['deep/b.bin'])).toBe(0);
    const [remoteArtifact] = await site.query<{ failed_at: Date | null }>(
      'SELECT failed_at FROM core_remoteartifact WHERE sha256 = $1',
      [sha256(files['deep/b.bin'])],
    );
    expect(remoteArtifact.failed_at).not.toBeNull();
    expect(content.output).toMatch(/Remote \S+ served a wrong file for deep\/b\.bin/);
    // In cooldown, the only source is skipped: a plain 404 until it ends.
    const after = await get(`${P}corrupt/deep/b.bin`);
    expect(after.status).toBe(404);
  });
});
