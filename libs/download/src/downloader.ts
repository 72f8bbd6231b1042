import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeHashedFile, type ChecksumAlgorithm, type HashedFile } from '@pulp/storage/hashed-file';
import { Attempt } from './attempt';
import { ConcurrencyLimit } from './concurrency-limit';
import {
  resolveConfig,
  type BasicCredentials,
  type DownloaderConfig,
  type DownloaderOptions,
  type ResolvedConfig,
} from './downloader-config';
import { DownloadError, redactUrl, withoutUserInfo } from './download-error';
import { fetchFollowingRedirects } from './fetch';
import { openFileUrl } from './file-source';
import { basicAuthorization } from './proxy';
import { RateLimiter } from './rate-limiter';
import { backoffDelay, isRetryable } from './retry-policy';
import { teeToFile } from './tee';
import { Transport } from './transport';
import { algorithmsFor, verifyFile, type ExpectedFile } from './verify';

/** Where a download lands and what it must match. */
export interface DownloadTarget {
  /** Directory for the spooled file (WORKING_DIRECTORY or a task's own). */
  dir: string;
  /** Digests to compute; every expected digest is computed (and checked) as well. */
  algorithms?: readonly ChecksumAlgorithm[];
  expected?: ExpectedFile;
}

/** An answer being streamed: send `status`/`headers` on, pipe `body`, then await `file`. */
export interface StreamingDownload {
  /** The URL the body came from, after redirects, without credentials. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  /** Errors (never ends) when the upstream fails or the file does not match what was expected. */
  body: Readable;
  /** The verified file, once the body is complete; the caller keeps it or removes it. */
  file: Promise<HashedFile>;
}

/** An opened source: its answer plus what to do when its body is done with. */
interface Source {
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
  explain: (error: unknown) => Error;
  done: () => void;
}

/**
 * Downloads for one remote: every download shares the remote's connection pools, its
 * download_concurrency and its rate_limit. Call `close()` when the remote's work is done.
 */
export class Downloader {
  private readonly config: ResolvedConfig;
  private readonly transport: Transport;
  private readonly slots: ConcurrencyLimit;
  private readonly rate?: RateLimiter;

  constructor(config: DownloaderConfig = {}, options: DownloaderOptions = {}) {
    this.config = resolveConfig(config, options);
    this.transport = new Transport(this.config);
    this.slots = new ConcurrencyLimit(this.config.concurrency);
    this.rate = this.config.rateLimit ? new RateLimiter(this.config.rateLimit) : undefined;
  }

  /** Downloads `url` into a new file in `target.dir`, retrying transient failures; the file is verified. */
  download(url: string, target: DownloadTarget): Promise<HashedFile> {
    const algorithms = algorithmsFor(target.algorithms ?? [], target.expected);
    return this.withRetries(url, async () => {
      const source = await this.open(url);
      try {
        const file = await writeHashedFile(source.body, target.dir, algorithms);
        return await verifyFile(file, target.expected ?? {}, url);
      } catch (error) {
        throw source.explain(error);
      } finally {
        source.done();
      }
    });
  }

  /**
   * Opens `url` (retrying until an answer's headers are in) and streams its body to the caller while
   * writing and hashing it to a file. Nothing is retried once bytes may have reached the caller.
   */
  async stream(url: string, target: DownloadTarget): Promise<StreamingDownload> {
    const source = await this.withRetries(url, () => this.open(url));
    source.body.once('close', source.done);
    const { body, file } = teeToFile(source.body, {
      dir: target.dir,
      algorithms: algorithmsFor(target.algorithms ?? [], target.expected),
      expected: target.expected ?? {},
      url,
      explain: source.explain,
    });
    return { url: source.url, status: source.status, headers: source.headers, body, file };
  }

  /** Drops the pooled connections; downloads in flight fail. */
  close(): void {
    this.transport.close();
  }

  private async withRetries<T>(url: string, run: () => Promise<T>): Promise<T> {
    const { maxRetries, backoffMs, maxBackoffMs, logger } = this.config;
    for (let retry = 1; ; retry++) {
      try {
        return await run();
      } catch (error) {
        if (retry > maxRetries || !isRetryable(error)) {
          throw error;
        }
        const delay = backoffDelay(retry, backoffMs, maxBackoffMs, (error as DownloadError).details.retryAfterMs);
        logger?.warn(
          `${(error as Error).message}; retry ${retry} of ${maxRetries} for ${redactUrl(url)} in ${Math.round(delay)} ms`,
          'Downloader',
        );
        await sleep(delay);
      }
    }
  }

  private async open(url: string): Promise<Source> {
    const target = new URL(url);
    if (target.protocol === 'file:') {
      const file = await openFileUrl(target);
      const headers = { 'content-length': String(file.size) };
      return { url, status: 200, headers, body: file.body, explain: (error) => error as Error, done: () => undefined };
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new DownloadError(
        'not-found',
        `Cannot download ${redactUrl(target)}: unsupported scheme ${target.protocol}`,
      );
    }
    const release = await this.slots.acquire();
    const attempt = new Attempt(this.config, redactUrl(target));
    const done = () => {
      attempt.finish();
      release();
    };
    try {
      const credentials = this.credentialsFor(target);
      const headersFor = (at: URL) => this.headersFor(target, at, credentials);
      const response = await fetchFollowingRedirects(
        this.transport,
        this.config,
        attempt,
        withoutUserInfo(target),
        headersFor,
        () => (this.rate ? this.rate.take() : Promise.resolve()),
      );
      return { ...response, explain: (error) => attempt.explain(error), done };
    } catch (error) {
      done();
      throw attempt.explain(error);
    }
  }

  /** The remote's username/password, else credentials written into the URL itself. */
  private credentialsFor(url: URL): BasicCredentials | undefined {
    if (this.config.credentials) {
      return this.config.credentials;
    }
    return url.username
      ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
  }

  private headersFor(origin: URL, at: URL, credentials?: BasicCredentials): OutgoingHttpHeaders {
    // Identity encoding: the bytes hashed and stored must be the file itself, not a compressed rendition.
    const headers: OutgoingHttpHeaders = { 'accept-encoding': 'identity', ...this.config.headers };
    // Credentials are for the remote's host; a redirect elsewhere (a CDN) must not receive them.
    if (credentials && at.origin === origin.origin) {
      headers.authorization = basicAuthorization(credentials);
    }
    return headers;
  }
}

/** A downloader for one remote's settings (a remote row, or an upload's downloader_config). */
export function createDownloader(config: DownloaderConfig = {}, options: DownloaderOptions = {}): Downloader {
  return new Downloader(config, options);
}
