import { DownloadError } from './download-error';
import { backoffDelay, isRetryable, parseRetryAfter } from './retry-policy';

describe('retry policy', () => {
  const status = (code: number) => new DownloadError('http-status', `${code}`, { status: code });

  it('retries what may go better next time, and nothing else', () => {
    expect([429, 500, 502, 503].map((code) => isRetryable(status(code)))).toEqual([true, true, true, true]);
    expect([400, 401, 403, 404, 407].map((code) => isRetryable(status(code)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(isRetryable(new DownloadError('read-timeout', ''))).toBe(true);
    expect(isRetryable(new DownloadError('tls', ''))).toBe(false);
    expect(isRetryable(new Error('disk full'))).toBe(false);
  });

  it('backs off exponentially with jitter, within the cap', () => {
    for (const retry of [1, 2, 3]) {
      const delay = backoffDelay(retry, 100, 1000);
      expect(delay).toBeGreaterThanOrEqual(50 * 2 ** (retry - 1));
      expect(delay).toBeLessThanOrEqual(100 * 2 ** (retry - 1));
    }
    expect(backoffDelay(20, 100, 1000)).toBeLessThanOrEqual(1000);
  });

  it('prefers Retry-After, capped', () => {
    expect(backoffDelay(1, 100, 1000, 300)).toBe(300);
    expect(backoffDelay(1, 100, 1000, 3_600_000)).toBe(1000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
