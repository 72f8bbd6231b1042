/**
 * A remote's network settings, with Pulp's field names and nullability (rest-api §3.4), so a remote
 * row (or an upload's `downloader_config`) can be handed over as it is. Timeouts are in seconds.
 */
export interface DownloaderConfig {
  ca_cert?: string | null;
  client_cert?: string | null;
  client_key?: string | null;
  tls_validation?: boolean | null;
  proxy_url?: string | null;
  proxy_username?: string | null;
  proxy_password?: string | null;
  username?: string | null;
  password?: string | null;
  max_retries?: number | null;
  total_timeout?: number | null;
  connect_timeout?: number | null;
  sock_connect_timeout?: number | null;
  sock_read_timeout?: number | null;
  headers?: Record<string, string>[] | null;
  download_concurrency?: number | null;
  rate_limit?: number | null;
}

/** Knobs that are not remote fields: tests shorten them, callers rarely touch them. */
export interface DownloaderOptions {
  /** First retry delay; each further retry doubles it (before jitter). */
  backoffMs?: number;
  /** Upper bound for one retry delay, including a server's Retry-After. */
  maxBackoffMs?: number;
  maxRedirects?: number;
  /** Told about every retry, so a stalled sync explains itself in the logs. */
  logger?: { warn(message: string, context?: string): void };
}

export interface BasicCredentials {
  username: string;
  password: string;
}

export interface ResolvedProxy {
  url: URL;
  credentials?: BasicCredentials;
}

/** The config with Pulp's defaults applied and units turned into what node wants (milliseconds). */
export interface ResolvedConfig {
  tls: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
  proxy?: ResolvedProxy;
  credentials?: BasicCredentials;
  headers: Record<string, string>;
  maxRetries: number;
  /** Unset means no limit (a remote's 0 disables a timeout, as in aiohttp). */
  totalTimeoutMs?: number;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  concurrency: number;
  rateLimit?: number;
  backoffMs: number;
  maxBackoffMs: number;
  maxRedirects: number;
  logger?: DownloaderOptions['logger'];
}

// aiohttp's defaults, which Pulp inherits when a remote leaves its timeouts unset.
const DEFAULT_TOTAL_TIMEOUT = 300;
const DEFAULT_SOCK_CONNECT_TIMEOUT = 30;

const milliseconds = (value: number | null | undefined) => (value ? Math.round(value * 1000) : undefined);

function pair(username?: string | null, password?: string | null): BasicCredentials | undefined {
  return username ? { username, password: password ?? '' } : undefined;
}

function resolveProxy(config: DownloaderConfig): ResolvedProxy | undefined {
  if (!config.proxy_url) {
    return undefined;
  }
  const url = new URL(config.proxy_url);
  if (url.protocol !== 'http:') {
    throw new Error(`proxy_url must be an http:// URL, not ${url.protocol}`);
  }
  return { url, credentials: pair(config.proxy_username, config.proxy_password) };
}

export function resolveConfig(config: DownloaderConfig, options: DownloaderOptions = {}): ResolvedConfig {
  // aiohttp's `connect` bounds getting a connection and `sock_connect` the TCP/TLS set-up; waiting for a
  // free slot is not part of either here (the concurrency limit is separate), so the stricter one applies.
  const connect = [config.connect_timeout, config.sock_connect_timeout].filter(
    (value): value is number => value !== null && value !== undefined,
  );
  return {
    tls: {
      ca: config.ca_cert ?? undefined,
      cert: config.client_cert ?? undefined,
      key: config.client_key ?? undefined,
      rejectUnauthorized: config.tls_validation ?? true,
    },
    proxy: resolveProxy(config),
    credentials: pair(config.username, config.password),
    headers: Object.assign({}, ...(config.headers ?? [])) as Record<string, string>,
    maxRetries: config.max_retries ?? 3,
    totalTimeoutMs: milliseconds(config.total_timeout ?? DEFAULT_TOTAL_TIMEOUT),
    connectTimeoutMs: milliseconds(connect.length ? Math.min(...connect) : DEFAULT_SOCK_CONNECT_TIMEOUT),
    readTimeoutMs: milliseconds(config.sock_read_timeout),
    concurrency: config.download_concurrency ?? 10,
    rateLimit: config.rate_limit || undefined,
    backoffMs: options.backoffMs ?? 1000,
    maxBackoffMs: options.maxBackoffMs ?? 60_000,
    maxRedirects: options.maxRedirects ?? 10,
    logger: options.logger,
  };
}
