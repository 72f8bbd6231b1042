import { DownloadError } from './download-error';

/**
 * Worth another try: the network or the server may do better next time (connection trouble, timeouts,
 * 429 and 5xx, a body that did not match, as Pulp retries those too). Other 4xx answers, certificate
 * problems and proxy refusals will not change.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof DownloadError)) {
    return false;
  }
  switch (error.reason) {
    case 'http-status': {
      const status = error.status ?? 0;
      return status === 429 || status >= 500;
    }
    case 'connect-timeout':
    case 'read-timeout':
    case 'total-timeout':
    case 'connection':
    case 'digest':
    case 'size':
      return true;
    case 'tls':
    case 'proxy':
    case 'too-many-redirects':
    case 'not-found':
      return false;
  }
}

/**
 * How long to wait before retry number `retry` (1-based): the server's Retry-After when it sent one,
 * else exponential backoff with jitter (half fixed, half random) so many clients do not retry in step.
 * Either way capped, so a hostile Retry-After cannot park a sync for hours.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) {
    return Math.min(retryAfterMs, maxMs);
  }
  const exponential = Math.min(baseMs * 2 ** (retry - 1), maxMs);
  return exponential / 2 + (Math.random() * exponential) / 2;
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) {
    return undefined;
  }
  if (/^\d+$/.test(header.trim())) {
    return Number(header.trim()) * 1000;
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
