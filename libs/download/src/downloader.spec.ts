import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { DownloadError } from './download-error';
import { createDownloader, type Downloader } from './downloader';
import type { DownloaderConfig } from './downloader-config';
import { startServer, type LocalServer } from './test-servers';

const BODY = Buffer.from('The quick brown fox jumps over the lazy dog\n'.repeat(100));
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('Downloader', () => {
  let dir: string;
  let server: LocalServer;
  let downloader: Downloader | undefined;
  /** Per-test behaviour of the server, keyed by path. */
  let routes: Record<string, (res: import('node:http').ServerResponse, hit: number) => void>;
  const hits: Record<string, number> = {};

  const make = (config: DownloaderConfig = {}) => {
    downloader = createDownloader({ max_retries: 0, ...config }, { backoffMs: 1, maxBackoffMs: 20 });
    return downloader;
  };

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const path = req.url ?? '';
      hits[path] = (hits[path] ?? 0) + 1;
      const route = routes[path];
      if (route) {
        route(res, hits[path]);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'download-'));
    routes = { '/file': (res) => res.end(BODY) };
    Object.keys(hits).forEach((key) => delete hits[key]);
    server.requests.length = 0;
  });
  afterEach(() => downloader?.close());

  it('streams the body into a hashed file in the directory', async () => {
    const file = await make().download(`${server.url}/file`, {
      dir,
      algorithms: ['md5', 'sha256'],
      expected: { size: BODY.length, sha256: sha256(BODY) },
    });
    expect(readFileSync(file.path)).toEqual(BODY);
    expect(file.size).toBe(BODY.length);
    expect(file.digests).toEqual({ md5: createHash('md5').update(BODY).digest('hex'), sha256: sha256(BODY) });
    expect(server.requests[0].headers['accept-encoding']).toBe('identity');
  });

  it('refuses a body whose checksum differs, naming the URL and the algorithm, and keeps no file', async () => {
    const failure = make().download(`${server.url}/file`, { dir, expected: { sha256: sha256('other') } });
    await expect(failure).rejects.toMatchObject({ reason: 'digest', code: 'PLP0003' });
    await expect(failure).rejects.toThrow(`${server.url}/file failed validation due to sha256 checksum`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a body of the wrong size and keeps no file', async () => {
    const failure = make().download(`${server.url}/file`, { dir, expected: { size: 3 } });
    await expect(failure).rejects.toThrow(`Expected '3', Actual '${BODY.length}'`);
    await expect(failure).rejects.toMatchObject({ reason: 'size', code: 'PLP0004' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not retry a 404 and never shows credentials written in the URL', async () => {
    const url = new URL(`${server.url}/missing`);
    url.username = 'alice';
    url.password = 's3cret';
    const failure = make({ max_retries: 3 }).download(url.href, { dir });
    await expect(failure).rejects.toThrow(new DownloadError('http-status', `404 Not Found for ${server.url}/missing`));
    await expect(failure).rejects.toMatchObject({ status: 404 });
    expect(hits['/missing']).toBe(1);
    expect(server.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  });

  it('retries a 500 with backoff and then succeeds', async () => {
    routes['/flaky'] = (res, hit) => (hit < 3 ? res.writeHead(500).end() : res.end(BODY));
    const file = await make({ max_retries: 3 }).download(`${server.url}/flaky`, { dir, algorithms: ['sha256'] });
    expect(file.digests.sha256).toBe(sha256(BODY));
    expect(hits['/flaky']).toBe(3);
  });

  it('gives up after max_retries with the last error, honouring a (capped) Retry-After', async () => {
    routes['/busy'] = (res) => res.writeHead(429, { 'retry-after': '3600' }).end();
    const started = performance.now();
    await expect(make({ max_retries: 2 }).download(`${server.url}/busy`, { dir })).rejects.toThrow(
      `429 Too Many Requests for ${server.url}/busy`,
    );
    expect(hits['/busy']).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
  });

  it('fails when the connection drops mid-body, keeping nothing, and retries that', async () => {
    routes['/cut'] = (res) => {
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, 100), () => res.destroy());
    };
    const failure = make({ max_retries: 1 }).download(`${server.url}/cut`, { dir });
    await expect(failure).rejects.toMatchObject({ reason: 'connection' });
    await expect(failure).rejects.toThrow(`The connection to ${server.url}/cut closed before the whole body arrived`);
    expect(hits['/cut']).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails a server that stops sending for longer than sock_read_timeout', async () => {
    routes['/stall'] = (res) => {
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, 100));
    };
    await expect(make({ sock_read_timeout: 0.05 }).download(`${server.url}/stall`, { dir })).rejects.toThrow(
      `${server.url}/stall sent nothing for 0.05 s (sock_read_timeout)`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails a download that outlasts total_timeout even while bytes keep coming', async () => {
    routes['/trickle'] = (res) => {
      res.writeHead(200, { 'content-length': 1000 });
      const timer = setInterval(() => res.write('x'), 5);
      res.once('close', () => clearInterval(timer));
    };
    const failure = make({ total_timeout: 0.1, sock_read_timeout: 0.05 }).download(`${server.url}/trickle`, { dir });
    await expect(failure).rejects.toMatchObject({ reason: 'total-timeout' });
    await expect(failure).rejects.toThrow('took longer than 0.1 s (total_timeout)');
  });

  it('sends the remote credentials and headers', async () => {
    await make({
      username: 'bob',
      password: 'pa:ss',
      headers: [{ 'X-Token': 'abc' }, { 'User-Agent': 'pulp' }],
    }).download(`${server.url}/file`, { dir });
    const { headers } = server.requests[0];
    expect(headers.authorization).toBe(`Basic ${Buffer.from('bob:pa:ss').toString('base64')}`);
    expect(headers['x-token']).toBe('abc');
    expect(headers['user-agent']).toBe('pulp');
  });

  it('never runs more than download_concurrency requests at once', async () => {
    let active = 0;
    let most = 0;
    routes['/slow'] = (res) => {
      most = Math.max(most, ++active);
      setTimeout(() => {
        active--;
        res.end('ok');
      }, 20);
    };
    const downloads = make({ download_concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => downloads.download(`${server.url}/slow`, { dir })));
    expect(hits['/slow']).toBe(6);
    expect(most).toBe(2);
  });

  it('spaces requests by the rate limit', async () => {
    const times: number[] = [];
    routes['/tick'] = (res) => {
      times.push(performance.now());
      res.end('ok');
    };
    const downloads = make({ rate_limit: 20 });
    await Promise.all(Array.from({ length: 4 }, () => downloads.download(`${server.url}/tick`, { dir })));
    const gaps = times.slice(1).map((time, index) => time - times[index]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(40);
  });

  it('follows redirects, and keeps credentials from other hosts', async () => {
    const other = await startServer((_req, res) => res.end(BODY));
    routes['/old'] = (res) => res.writeHead(301, { location: '/moved' }).end();
    routes['/moved'] = (res) => res.writeHead(302, { location: other.url.replace('127.0.0.1', 'localhost') }).end();
    try {
      const file = await make({ username: 'bob', password: 'pw' }).download(`${server.url}/old`, {
        dir,
        expected: { sha256: sha256(BODY) },
      });
      expect(file.size).toBe(BODY.length);
      expect(server.requests.map((request) => request.headers.authorization)).toEqual([
        expect.any(String),
        expect.any(String),
      ]);
      expect(other.requests[0].headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('stops following a redirect loop', async () => {
    routes['/loop'] = (res) => res.writeHead(302, { location: '/loop' }).end();
    downloader = createDownloader({}, { maxRedirects: 3 });
    await expect(downloader.download(`${server.url}/loop`, { dir })).rejects.toMatchObject({
      reason: 'too-many-redirects',
    });
    expect(hits['/loop']).toBe(4);
  });

  it('reads file:// URLs', async () => {
    const source = join(mkdtempSync(join(tmpdir(), 'source-')), 'a file');
    writeFileSync(source, BODY);
    const file = await make().download(pathToFileURL(source).href, { dir, expected: { sha256: sha256(BODY) } });
    expect(readFileSync(file.path)).toEqual(BODY);
    await expect(make().download(pathToFileURL(`${source}.missing`).href, { dir })).rejects.toMatchObject({
      reason: 'not-found',
    });
  });

  it('fails a TLS handshake that never completes within connect_timeout', async () => {
    const silent = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = performance.now();
      await expect(
        make({ sock_connect_timeout: 0.05 }).download(`https://127.0.0.1:${port}/`, { dir }),
      ).rejects.toThrow('took longer than 0.05 s (connect_timeout)');
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      silent.close();
    }
  });
});
