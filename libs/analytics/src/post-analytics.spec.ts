import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loggableUrl, postAnalytics } from './post-analytics';

interface Received {
  method?: string;
  contentType?: string;
  authorization?: string;
  body: Buffer;
}

/** A real receiver on 127.0.0.1 answering `status`, or never when `status` is null. */
async function receiver(status: number | null): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        contentType: request.headers['content-type'],
        authorization: request.headers.authorization,
        body: Buffer.concat(chunks),
      });
      if (status !== null) {
        response.writeHead(status).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received, server };
}

describe('postAnalytics', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  const start = async (status: number | null) => {
    const started = await receiver(status);
    servers.push(started.server);
    return started;
  };
  const body = Uint8Array.from([0x0a, 0x01, 0x78]);

  it('POSTs the bytes as application/octet-stream and reports a 2xx as success', async () => {
    const { url, received } = await start(204);
    expect(await postAnalytics(`${url}submit/?token=t`, body)).toEqual({ ok: true, status: 204 });
    expect(received).toEqual([
      { method: 'POST', contentType: 'application/octet-stream', authorization: undefined, body: Buffer.from(body) },
    ]);
  });

  it('reports another status as a failure, without throwing', async () => {
    const { url } = await start(500);
    expect(await postAnalytics(url, body)).toEqual({ ok: false, status: 500 });
  });

  it('gives up on a receiver that never answers', async () => {
    const { url, received } = await start(null);
    expect(await postAnalytics(url, body, 200)).toEqual({ ok: false, reason: 'no answer within 0.2 s' });
    expect(received).toHaveLength(1);
  });

  it('reports a refused connection, without throwing', async () => {
    const { url, server } = await start(200);
    await new Promise((resolve) => server.close(resolve));
    expect(await postAnalytics(url, body)).toEqual({ ok: false, reason: `connect ECONNREFUSED ${new URL(url).host}` });
  });

  it('sends credentials of the URL as Basic authorization', async () => {
    const { url, received } = await start(200);
    const withCredentials = url.replace('http://', 'http://user:p%40ss@');
    expect((await postAnalytics(withCredentials, body)).ok).toBe(true);
    expect(received[0].authorization).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`);
  });
});

describe('loggableUrl', () => {
  it('drops credentials, query string and fragment', () => {
    expect(loggableUrl('https://user:secret@analytics.example.com:8443/submit/?token=abc#x')).toBe(
      'https://analytics.example.com:8443/submit/',
    );
  });

  it('names an unparsable URL without throwing', () => {
    expect(loggableUrl('http://[x')).toBe('ANALYTICS_URL (not a valid URL)');
  });
});
