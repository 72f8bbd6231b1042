import type { Duplex } from 'node:stream';
import { request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions, type RequestOptions } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import type { BasicCredentials, ResolvedProxy } from './downloader-config';
import { DownloadError, redactUrl, type DownloadFailure } from './download-error';

export function basicAuthorization(credentials: BasicCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** The headers an http proxy needs to forward a request (absolute-form) or open a tunnel. */
export function proxyHeaders(proxy: ResolvedProxy): Record<string, string> {
  return proxy.credentials ? { 'proxy-authorization': basicAuthorization(proxy.credentials) } : {};
}

/**
 * An https agent whose connections are CONNECT tunnels through an http proxy, with TLS to the target
 * inside the tunnel, so the proxy never sees the bytes or the target's certificate checks. Tunnels are
 * kept alive and reused per target like ordinary sockets.
 */
export class TunnelingAgent extends HttpsAgent {
  constructor(
    private readonly proxy: ResolvedProxy,
    private readonly connectTimeoutMs: number | undefined,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): null {
    const done = callback ?? (() => undefined);
    const target = `${options.host}:${options.port}`;
    const connect = httpRequest({
      host: this.proxy.url.hostname,
      port: this.proxy.url.port || 80,
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...proxyHeaders(this.proxy) },
      agent: false,
      timeout: this.connectTimeoutMs,
    });
    const shown = `${redactUrl(this.proxy.url)} (tunnel to ${target})`;
    const fail = (reason: DownloadFailure, message: string) => done(new DownloadError(reason, message), null!);
    connect.once('timeout', () =>
      connect.destroy(
        new DownloadError(
          'connect-timeout',
          `Proxy ${shown} took longer than ${this.connectTimeoutMs! / 1000} s (connect_timeout)`,
        ),
      ),
    );
    // Reaching the proxy is a connection like any other (retried); its refusal below is an answer (not retried).
    connect.once('error', (error) =>
      error instanceof DownloadError ? done(error, null!) : fail('connection', `Proxy ${shown}: ${error.message}`),
    );
    connect.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        fail('proxy', `Proxy ${shown} answered ${response.statusCode} ${response.statusMessage}`);
        return;
      }
      // The agent has merged its TLS settings (ca, client cert, validation) into `options`.
      const { ca, cert, key, rejectUnauthorized } = options;
      // The certificate is checked against `host`; SNI is only sent for names (Node leaves it empty for IPs).
      const host = options.host ?? undefined;
      const servername = options.servername || undefined;
      done(null, tlsConnect({ socket, host, servername, ca, cert, key, rejectUnauthorized }));
    });
    connect.end();
    return null;
  }
}
