import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ResolvedConfig } from './downloader-config';
import { proxyHeaders, TunnelingAgent } from './proxy';

/**
 * The keep-alive connection pools of one downloader, with the remote's TLS and proxy settings baked in.
 * Reusing connections matters for syncs of many small files from the same host.
 */
export class Transport {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(private readonly config: ResolvedConfig) {
    const pool = { keepAlive: true, maxSockets: config.concurrency };
    this.http = new HttpAgent(pool);
    const tls = { ...pool, ...config.tls };
    this.https = config.proxy ? new TunnelingAgent(config.proxy, config.connectTimeoutMs, tls) : new HttpsAgent(tls);
  }

  /** Starts a GET; plain http through a proxy goes in absolute-form, https through a CONNECT tunnel. */
  get(url: URL, headers: OutgoingHttpHeaders): ClientRequest {
    if (url.protocol === 'https:') {
      return httpsRequest(url, { agent: this.https, headers });
    }
    const proxy = this.config.proxy;
    if (!proxy) {
      return httpRequest(url, { agent: this.http, headers });
    }
    return httpRequest({
      host: proxy.url.hostname,
      port: proxy.url.port || 80,
      path: url.href,
      agent: this.http,
      headers: { host: url.host, ...headers, ...proxyHeaders(proxy) },
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
