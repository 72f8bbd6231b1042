import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDownloader, type Downloader } from './downloader';
import type { DownloaderConfig } from './downloader-config';
import { selfSignedCertificate, startProxy, startServer, type LocalServer } from './test-servers';

const BODY = Buffer.from('served over a proxy or TLS\n'.repeat(50));
const sha256 = createHash('sha256').update(BODY).digest('hex');
const certificate = selfSignedCertificate();

describe('Downloader networking', () => {
  const dir = mkdtempSync(join(tmpdir(), 'net-'));
  let plain: LocalServer;
  let secure: LocalServer | undefined;
  let proxy: LocalServer & { lines: string[] };
  let downloader: Downloader | undefined;

  const fetch = (url: string, config: DownloaderConfig) => {
    downloader = createDownloader({ max_retries: 0, ...config });
    return downloader.download(url, { dir, expected: { sha256 } });
  };

  beforeAll(async () => {
    plain = await startServer((_req, res) => res.end(BODY));
    secure = certificate && (await startServer((_req, res) => res.end(BODY), certificate));
    proxy = await startProxy('proxy-user:proxy-pass');
  });
  afterAll(async () => {
    await Promise.all([plain.close(), secure?.close(), proxy.close()]);
  });
  beforeEach(() => {
    proxy.lines.length = 0;
  });
  afterEach(() => downloader?.close());

  it('sends http requests to the proxy in absolute-form, with proxy credentials', async () => {
    const proxied = { proxy_url: proxy.url, proxy_username: 'proxy-user', proxy_password: 'proxy-pass' };
    await expect(fetch(`${plain.url}/a`, proxied)).resolves.toMatchObject({ size: BODY.length });
    expect(proxy.lines).toEqual([`GET ${plain.url}/a`]);
    expect(plain.requests.at(-1)?.headers['proxy-authorization']).toBeUndefined();
  });

  it('reports a proxy refusing its credentials', async () => {
    await expect(fetch(`${plain.url}/a`, { proxy_url: proxy.url })).rejects.toThrow(
      `407 Proxy Authentication Required for ${plain.url}/a`,
    );
  });

  if (!certificate) {
    it('skips the TLS tests', () => {
      process.stderr.write('TLS tests skipped: openssl could not make a certificate\n');
    });
    return;
  }

  it('trusts a server signed by ca_cert', async () => {
    await expect(fetch(`${secure!.url}/b`, { ca_cert: certificate.cert })).resolves.toMatchObject({
      size: BODY.length,
    });
  });

  it('presents client_cert and client_key to a server that demands a client certificate', async () => {
    const strict = await startServer((_req, res) => res.end(BODY), {
      ...certificate,
      ca: certificate.cert,
      requestCert: true,
    });
    try {
      const trusted = { ca_cert: certificate.cert };
      await expect(fetch(`${strict.url}/d`, trusted)).rejects.toMatchObject({ reason: 'tls' });
      await expect(
        fetch(`${strict.url}/d`, { ...trusted, client_cert: certificate.cert, client_key: certificate.key }),
      ).resolves.toMatchObject({ size: BODY.length });
    } finally {
      await strict.close();
    }
  });

  it('refuses an untrusted certificate without retrying, unless tls_validation is false', async () => {
    const failure = fetch(`${secure!.url}/b`, { max_retries: 3 });
    await expect(failure).rejects.toMatchObject({ reason: 'tls' });
    await expect(failure).rejects.toThrow(`TLS failure talking to ${secure!.url}/b: self-signed certificate`);
    expect(secure!.requests).toHaveLength(1);
    await expect(fetch(`${secure!.url}/b`, { tls_validation: false })).resolves.toMatchObject({ size: BODY.length });
  });

  it('tunnels https through the proxy with CONNECT, checking the certificate end to end', async () => {
    const tunnelled = {
      proxy_url: proxy.url,
      proxy_username: 'proxy-user',
      proxy_password: 'proxy-pass',
      ca_cert: certificate.cert,
    };
    await expect(fetch(`${secure!.url}/c`, tunnelled)).resolves.toMatchObject({ size: BODY.length });
    expect(proxy.lines).toEqual([`CONNECT ${new URL(secure!.url).host}`]);
    await expect(fetch(`${secure!.url}/c`, { ...tunnelled, proxy_password: 'wrong' })).rejects.toMatchObject({
      reason: 'proxy',
      message: expect.stringContaining('407'),
    });
  });
});
