import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  request,
  type IncomingHttpHeaders,
  type RequestListener,
  type Server,
} from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real server on 127.0.0.1 for the downloader's tests; it remembers every request's headers. */
export interface LocalServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function listen(server: Server, scheme: string, requests: LocalServer['requests']): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

export function startServer(handler: RequestListener, tls?: ServerOptions): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const recording: RequestListener = (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  };
  const server = tls ? createHttpsServer(tls, recording) : createHttpServer(recording);
  return listen(server, tls ? 'https' : 'http', requests);
}

/**
 * A minimal forward proxy: absolute-form requests are relayed, CONNECT opens a raw tunnel. It answers
 * 407 unless `credentials` (user:password) are sent, and records the request lines it saw.
 */
export async function startProxy(credentials?: string): Promise<LocalServer & { lines: string[] }> {
  const lines: string[] = [];
  const expected = credentials && `Basic ${Buffer.from(credentials).toString('base64')}`;
  const server = createHttpServer((req, res) => {
    lines.push(`${req.method} ${req.url}`);
    if (expected && req.headers['proxy-authorization'] !== expected) {
      res.writeHead(407).end();
      return;
    }
    const { 'proxy-authorization': _, ...headers } = req.headers;
    const upstream = request(req.url ?? '', { headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    lines.push(`${req.method} ${req.url}`);
    if (expected && req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const target = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      target.write(head);
      target.pipe(client).on('error', () => undefined);
      client.pipe(target).on('error', () => undefined);
    });
    target.on('error', () => client.destroy());
    client.on('error', () => target.destroy());
  });
  return { ...(await listen(server, 'http', [])), lines };
}

/** A throwaway certificate for 127.0.0.1, or undefined when openssl is not installed. */
export function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'download-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
  } catch {
    return undefined;
  }
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}
