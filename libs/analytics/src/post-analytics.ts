/** How long a post may take before it is given up: a receiver that never answers must not hold a worker. */
export const POST_TIMEOUT_MS = 30_000;

/** What became of a post: a 2xx, another status, or no answer at all (`status` absent). */
export interface PostOutcome {
  ok: boolean;
  status?: number;
  /** Why it failed, for the log; never contains the URL's credentials or query. */
  reason?: string;
}

/**
 * The URL as it may be logged: scheme, host and path, without credentials or query string. Never
 * throws: the settings check lets through some URLs that WHATWG's parser refuses.
 */
export function loggableUrl(url: string): string {
  if (!URL.canParse(url)) {
    return 'ANALYTICS_URL (not a valid URL)';
  }
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/**
 * POSTs the encoded payload. Never throws: the caller logs the outcome and nothing is retried.
 * Credentials in the URL go in a Basic Authorization header (fetch refuses them in the URL);
 * redirects are not followed, a 3xx is just not a success.
 */
export async function postAnalytics(url: string, body: Uint8Array, timeoutMs = POST_TIMEOUT_MS): Promise<PostOutcome> {
  try {
    const target = new URL(url);
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
    if (target.username || target.password) {
      const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
      headers.Authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
      target.username = '';
      target.password = '';
    }
    const response = await fetch(target, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status };
  } catch (error) {
    return { ok: false, reason: failureReason(error, timeoutMs) };
  }
}

/** fetch's errors say little ("fetch failed"): their cause ("connect ECONNREFUSED …") says what happened. */
function failureReason(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === 'TimeoutError') {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  return (error as { cause?: Error }).cause?.message ?? (error as Error).message;
}
