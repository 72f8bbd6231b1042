import { PulpError } from '@pulp/errors';

/** Why a download failed; the retry policy and the content app decide on this, never on message text. */
export type DownloadFailure =
  | 'http-status'
  | 'connect-timeout'
  | 'read-timeout'
  | 'total-timeout'
  | 'connection'
  | 'tls'
  | 'proxy'
  | 'too-many-redirects'
  | 'not-found'
  | 'digest'
  | 'size';

// Pulp's own codes for the validation failures (DigestValidationError, SizeValidationError); the
// network failures have none upstream (they are aiohttp errors), so they share one of ours.
const CODES: Partial<Record<DownloadFailure, string>> = { digest: 'PLP0003', size: 'PLP0004' };

export class DownloadError extends PulpError {
  constructor(
    readonly reason: DownloadFailure,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(reason === 'digest' || reason === 'size' ? 'invalid' : 'unavailable', CODES[reason] ?? 'PLP0502', message);
  }

  /** The upstream HTTP status when the server answered with an error. */
  get status(): number | undefined {
    return this.details.status;
  }
}

/** A copy of `url` without user:password: credentials travel in headers, never in request lines or messages. */
export function withoutUserInfo(url: URL): URL {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy;
}

/** The URL without user:password, for messages and logs (remote URLs may carry credentials). */
export function redactUrl(url: string | URL): string {
  try {
    return withoutUserInfo(new URL(url)).href;
  } catch {
    return String(url).replace(/\/\/[^/@]*@/, '//');
  }
}
