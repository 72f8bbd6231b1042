import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createDownloader, type Downloader } from './downloader';
import { startServer, type LocalServer } from './test-servers';

const FIRST = Buffer.alloc(1000, 'a');
const REST = Buffer.alloc(1000, 'b');
const WHOLE = Buffer.concat([FIRST, REST]);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Resolves with everything `body` delivered, or rejects with its error. */
async function drain(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

describe('Downloader.stream', () => {
  let dir: string;
  let server: LocalServer;
  let downloader: Downloader;
  /** The response in progress, so a test decides when (and whether) the rest is sent. */
  let pending: Promise<ServerResponse>;

  beforeAll(async () => {
    let arrived: (res: ServerResponse) => void = () => undefined;
    pending = new Promise((resolve) => (arrived = resolve));
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': WHOLE.length, 'content-type': 'text/plain', etag: '"v1"' });
      res.write(FIRST);
      arrived(res);
      pending = new Promise((resolve) => (arrived = resolve));
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stream-'));
    downloader = createDownloader({ max_retries: 0 });
  });
  afterEach(() => downloader.close());

  it('hands over status and headers, then bytes as they arrive, while saving a verified file', async () => {
    const response = pending;
    const download = await downloader.stream(`${server.url}/f`, {
      dir,
      algorithms: ['sha256'],
      expected: { size: WHOLE.length, sha256: sha256(WHOLE) },
    });
    expect(download.status).toBe(200);
    expect(download.headers).toMatchObject({ 'content-type': 'text/plain', etag: '"v1"' });
    // The first part reaches the caller while the server still holds back the rest.
    const [first] = (await once(download.body, 'data')) as [Buffer];
    expect(first.length).toBeGreaterThan(0);
    (await response).end(REST);
    const rest = await drain(download.body);
    expect(Buffer.concat([first, rest])).toEqual(WHOLE);
    const file = await download.file;
    expect(readFileSync(file.path)).toEqual(WHOLE);
    expect(file.digests.sha256).toBe(sha256(WHOLE));
  });

  it('errors the stream (never a clean end) when the upstream fails mid-body, and keeps nothing', async () => {
    const response = pending;
    const download = await downloader.stream(`${server.url}/f`, { dir });
    const delivered = drain(download.body);
    (await response).destroy();
    await expect(delivered).rejects.toThrow(`The connection to ${server.url}/f closed before the whole body arrived`);
    await expect(download.file).rejects.toMatchObject({ reason: 'connection' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('errors the stream after the last byte when the digest does not match, and keeps nothing', async () => {
    const response = pending;
    const download = await downloader.stream(`${server.url}/f`, { dir, expected: { sha256: sha256(FIRST) } });
    const delivered = drain(download.body);
    (await response).end(REST);
    await expect(delivered).rejects.toMatchObject({ reason: 'digest' });
    await expect(download.file).rejects.toThrow('failed validation due to sha256 checksum');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('aborts the download and keeps nothing when the consumer goes away', async () => {
    const response = pending;
    const download = await downloader.stream(`${server.url}/f`, { dir });
    await once(download.body, 'data');
    download.body.destroy();
    await expect(download.file).rejects.toThrow('The consumer stopped reading');
    const upstream = await response;
    // The upstream connection is cut rather than left draining a body nobody wants.
    await (upstream.closed ? Promise.resolve() : once(upstream, 'close'));
    expect(readdirSync(dir)).toEqual([]);
  });
});
