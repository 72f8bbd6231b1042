import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { TLSSocket } from 'node:tls';
import type { Attempt } from './attempt';
import type { ResolvedConfig } from './downloader-config';
import { DownloadError, redactUrl, withoutUserInfo } from './download-error';
import { Inactivity } from './inactivity';
import { parseRetryAfter } from './retry-policy';
import type { Transport } from './transport';

export interface Response {
  /** Where the body came from, after redirects (without credentials). */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs `url` within `attempt`, following redirects; resolves once a 2xx answer's headers are in, with
 * its body unread. Any other answer is an error carrying the status (and Retry-After, for the retry policy).
 */
export async function fetchFollowingRedirects(
  transport: Transport,
  config: ResolvedConfig,
  attempt: Attempt,
  url: URL,
  headersFor: (url: URL) => OutgoingHttpHeaders,
  takeTurn: () => Promise<void>,
): Promise<Response> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    await takeTurn();
    const response = await get(transport, config, attempt, current, headersFor(current));
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECTS.has(status) && location) {
      response.resume();
      if (redirects >= config.maxRedirects) {
        throw new DownloadError(
          'too-many-redirects',
          `Too many redirects (more than ${config.maxRedirects}) downloading ${attempt.shownUrl}`,
        );
      }
      current = withoutUserInfo(new URL(location, current));
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      const reason = response.statusMessage || STATUS_CODES[status] || 'Error';
      throw new DownloadError('http-status', `${status} ${reason} for ${redactUrl(current)}`, {
        status,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      });
    }
    return { url: redactUrl(current), status, headers: response.headers, body: response };
  }
}

/** One request with the connect and read timeouts armed; the total timeout belongs to the attempt. */
function get(
  transport: Transport,
  config: ResolvedConfig,
  attempt: Attempt,
  url: URL,
  headers: OutgoingHttpHeaders,
): Promise<IncomingMessage> {
  const shown = redactUrl(url);
  return new Promise((resolve, reject) => {
    const request = transport.get(url, headers);
    attempt.track(request);
    const connectMs = config.connectTimeoutMs;
    const connectTimer =
      connectMs &&
      setTimeout(
        () =>
          attempt.fail(
            new DownloadError(
              'connect-timeout',
              `Connecting to ${shown} took longer than ${connectMs / 1000} s (connect_timeout)`,
            ),
          ),
        connectMs,
      );
    const readMs = config.readTimeoutMs;
    const inactivity =
      readMs &&
      new Inactivity(readMs, () =>
        attempt.fail(
          new DownloadError('read-timeout', `${shown} sent nothing for ${readMs / 1000} s (sock_read_timeout)`),
        ),
      );
    let unwatch = () => undefined as void;
    request.once('socket', (socket) => {
      const connected = () => {
        clearTimeout(connectTimer);
        if (inactivity) {
          unwatch = inactivity.watchSocket(socket);
        }
      };
      if (request.reusedSocket) {
        connected();
      } else if (socket instanceof TLSSocket) {
        socket.once('secureConnect', connected);
      } else if (socket.connecting) {
        socket.once('connect', connected);
      } else {
        connected();
      }
    });
    request.once('response', (response) => {
      attempt.track(response);
      if (inactivity) {
        inactivity.watchResponse(response, unwatch);
      }
      resolve(response);
    });
    request.once('error', (error) => {
      clearTimeout(connectTimer);
      unwatch();
      reject(error);
    });
    request.end();
  });
}
