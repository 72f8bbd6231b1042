import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { adminSite, type ApiClient } from './support/api-client';
import { completed, distributedFiles, uploadedFile } from './support/distribute';
import { freePort } from './support/free-port';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { rawRequest, type RawAnswer } from './support/raw-http';
import { redisAnswers } from './support/redis-probe';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const P = '/pulp/content/';
const REDIS = { host: '127.0.0.1', port: 6379, db: 7 };
const GUARD_FIELD = 'DISTRO#GUARD#PRESENT';

const reachable = redisAnswers(REDIS.host, REDIS.port);
if (!reachable) {
  process.stdout.write(
    `content-cache.e2e-spec: skipped, no Redis answers on ${REDIS.host}:${REDIS.port} (the response cache needs one)\n`,
  );
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const cacheOf = (answer: RawAnswer) => answer.headers['x-pulp-cache'];

// The content app's Redis response cache (content-app spec §8), against the machine's Redis.
(reachable ? describe : describe.skip)('content app response cache (Redis)', () => {
  let site: TestSite;
  let client: ApiClient;
  let content: PulpProcess;
  let redis: Redis;

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET', on = content) =>
    rawRequest(on.baseUrl!, path, { method, headers });
  /** Asks until the answer comes from the cache (a change may still be on its way when it is first asked). */
  const hit = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    pollUntil(
      () => get(path, headers, method),
      (answer) => cacheOf(answer) === 'HIT',
    );
  const upload = (relativePath: string, data: Buffer) => uploadedFile(client, relativePath, data);
  const distributed = (basePath: string, files: Record<string, Buffer>) => distributedFiles(client, basePath, files);

  beforeAll(async () => {
    redis = new Redis({ ...REDIS, lazyConnect: true });
    await redis.connect();
    await redis.flushdb();
    ({ site, client } = await adminSite({
      CACHE_ENABLED: true,
      REDIS_HOST: REDIS.host,
      REDIS_PORT: REDIS.port,
      REDIS_DB: REDIS.db,
    }));
    content = await site.start('content');
    await distributed('cached', {
      'hello.txt': Buffer.from('hello, cache\n'),
      'dir/a.txt': Buffer.from('a'),
      'dir/b.txt': Buffer.from('b'),
    });
  });

  afterAll(async () => {
    await site?.destroy();
    await redis?.flushdb();
    redis?.disconnect();
  });

  it('answers a file with MISS, then from its distribution hash with HIT and the same bytes', async () => {
    const path = `${P}cached/hello.txt`;
    const first = await get(path);
    expect([first.status, cacheOf(first), first.body.toString()]).toEqual([200, 'MISS', 'hello, cache\n']);
    const again = await hit(path);
    expect(again.status).toBe(200);
    expect(again.body.equals(first.body)).toBe(true);
    for (const header of [
      'content-type',
      'content-length',
      'etag',
      'last-modified',
      'accept-ranges',
      'x-pulp-artifact-size',
    ]) {
      expect([header, again.headers[header]]).toEqual([header, first.headers[header]]);
    }
    expect(again.headers.etag).toBe(`"${sha256('hello, cache\n')}"`);

    // Pulp's layout: one hash per base path, a field per path and method, the guard flag beside them.
    const hash = await redis.hgetall('cached');
    expect(hash[GUARD_FIELD]).toBe('False');
    const entry = JSON.parse(hash[`${path}:GET`]);
    expect(entry).toMatchObject({ type: 'FileResponse', status: 200, headers: { 'content-type': 'text/plain' } });
    expect(entry.path).toMatch(/^\/.*\/artifact\/[0-9a-f]{2}\/[0-9a-f]{62}$/);
    expect(entry.expires).toBeGreaterThan(Date.now() / 1000);
    const ttl = await redis.ttl('cached');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);

    const head = await get(path, {}, 'HEAD');
    expect(cacheOf(head)).toBe('MISS');
    const headHit = await hit(path, {}, 'HEAD');
    expect([headHit.status, headHit.headers['content-length'], headHit.body.length]).toEqual([200, '13', 0]);
  });

  it('honours Range and conditional requests on a hit, as the artifact sender does', async () => {
    const path = `${P}cached/hello.txt`;
    await hit(path);
    const range = await get(path, { range: 'bytes=2-5' });
    expect([range.status, cacheOf(range), range.body.toString()]).toEqual([206, 'HIT', 'llo,']);
    expect(range.headers['content-range']).toBe('bytes 2-5/13');
    const unsatisfiable = await get(path, { range: 'bytes=99-' });
    expect([unsatisfiable.status, cacheOf(unsatisfiable), unsatisfiable.headers['content-range']]).toEqual([
      416,
      'HIT',
      'bytes */13',
    ]);
    const notModified = await get(path, { 'if-none-match': `"${sha256('hello, cache\n')}"` });
    expect([notModified.status, cacheOf(notModified), notModified.body.length]).toEqual([304, 'HIT', 0]);
  });

  it('caches a listing, and never an error or a 301', async () => {
    const path = `${P}cached/dir/`;
    const first = await get(path);
    expect([first.status, cacheOf(first)]).toEqual([200, 'MISS']);
    expect(first.body.toString()).toContain('a.txt');
    const again = await hit(path);
    expect(again.body.equals(first.body)).toBe(true);
    expect(again.headers['content-type']).toMatch(/^text\/html/);

    for (const [uncached, status] of [
      [`${P}cached/no-such-file`, 404],
      [`${P}cached/dir`, 301],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const answer = await get(uncached);
        expect([answer.status, cacheOf(answer)]).toEqual([status, 'MISS']);
      }
      expect(await redis.hexists('cached', `${uncached}:GET`)).toBe(0);
    }
  });

  it('still checks a guarded distribution’s guard on every hit', async () => {
    await distributed('guarded', { 'g.txt': Buffer.from('guarded bytes') });
    const { status, body: guard } = await client.send(`${API}contentguards/core/header/`, {
      name: randomUUID(),
      header_name: 'x-secret',
      header_value: 'letmein',
    });
    expect(status).toBe(201);
    const { body: page } = await client.call(`${API}distributions/file/file/?base_path=guarded`);
    await completed(
      client,
      client.send(page.results[0].pulp_href as string, { content_guard: guard.pulp_href }, 'PATCH'),
    );
    const path = `${P}guarded/g.txt`;
    const allowed = { 'x-secret': Buffer.from('letmein').toString('base64') };
    expect(
      (
        await pollUntil(
          () => get(path),
          (answer) => answer.status === 403,
        )
      ).status,
    ).toBe(403);

    const served = await hit(path, allowed);
    expect([served.status, served.body.toString()]).toEqual([200, 'guarded bytes']);
    expect(await redis.hget('guarded', GUARD_FIELD)).toBe('True');
    const refused = await get(path);
    expect([refused.status, refused.body.toString()]).toEqual([403, '403: Access denied.']);
    expect(cacheOf(await get(path, allowed))).toBe('HIT');
  });

  it('drops the hashes when what is served changes: a new publication is a MISS with the new bytes', async () => {
    const repository = await distributed('changing', { 'v.txt': Buffer.from('first') });
    const path = `${P}changing/v.txt`;
    expect((await hit(path)).body.toString()).toBe('first');
    const replacement = await upload('v.txt', Buffer.from('second'));
    await completed(client, client.send(`${repository}modify/`, { add_content_units: [replacement] }));
    const changed = await pollUntil(
      () => get(path),
      (answer) => answer.body.toString() === 'second',
    );
    expect([changed.body.toString(), cacheOf(changed)]).toEqual(['second', 'MISS']);
    const cached = await hit(path);
    expect(cached.body.toString()).toBe('second');

    // A deleted distribution's hash goes with it: its path is a 404 again, never a hit.
    const { body: page } = await client.call(`${API}distributions/file/file/?base_path=changing`);
    await completed(client, client.call(page.results[0].pulp_href as string, { method: 'DELETE' }));
    const gone = await pollUntil(
      () => get(path),
      (answer) => answer.status === 404,
    );
    expect([gone.status, cacheOf(gone)]).toEqual([404, 'MISS']);
  });

  it('serves without Redis when Redis cannot be reached: a MISS every time, no error', async () => {
    const closed = await freePort();
    const alone = await site.start('content', { env: { PULP_REDIS_PORT: String(closed) } });
    const path = `${P}cached/hello.txt`;
    for (let i = 0; i < 3; i++) {
      const answer = await get(path, {}, 'GET', alone);
      expect([answer.status, cacheOf(answer), answer.body.toString()]).toEqual([200, 'MISS', 'hello, cache\n']);
    }
    const listing = await get(`${P}cached/dir/`, {}, 'GET', alone);
    expect([listing.status, cacheOf(listing)]).toEqual([200, 'MISS']);
    // Said once (at most once a minute), not once per request.
    await pollUntil(
      () => Promise.resolve(alone.output),
      (output) => output.includes('Redis response cache unavailable'),
      5000,
    );
    expect(alone.output.split('Redis response cache unavailable').length - 1).toBe(1);
  });
});
