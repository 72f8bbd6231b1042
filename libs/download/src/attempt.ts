import { isNativeError } from 'node:util/types';
import type { ResolvedConfig } from './downloader-config';
import { DownloadError } from './download-error';

interface Destroyable {
  destroy(error?: Error): unknown;
  once(event: 'close', listener: () => void): unknown;
}

const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL|ERR_TLS/;

/**
 * One try at a URL, redirects and body included: it owns the total timeout and can cut every request
 * and response it started. When a timer cuts a stream, the stream fails with some generic symptom
 * (aborted, premature close); `explain` puts the real cause back.
 */
export class Attempt {
  private failure?: DownloadError;
  private readonly live = new Set<Destroyable>();
  private readonly totalTimer?: NodeJS.Timeout;

  constructor(
    config: ResolvedConfig,
    readonly shownUrl: string,
  ) {
    const total = config.totalTimeoutMs;
    if (total) {
      this.totalTimer = setTimeout(
        () =>
          this.fail(
            new DownloadError(
              'total-timeout',
              `Downloading ${shownUrl} took longer than ${total / 1000} s (total_timeout)`,
            ),
          ),
        total,
      );
    }
  }

  track(stream: Destroyable): void {
    this.live.add(stream);
    stream.once('close', () => this.live.delete(stream));
  }

  fail(error: DownloadError): void {
    this.failure ??= error;
    for (const stream of this.live) {
      stream.destroy(error);
    }
  }

  explain(error: unknown): Error {
    // A verdict reached on its own (a bad digest) stands even if a timer went off meanwhile.
    if (error instanceof DownloadError) {
      return error;
    }
    if (this.failure) {
      return this.failure;
    }
    // isNativeError, not instanceof: node's own errors may come from another realm (jest's sandbox).
    if (!isNativeError(error)) {
      return error as Error;
    }
    // Local file-system failures (the spool file) carry a path; they are not the network's fault.
    if ('path' in error) {
      return error;
    }
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ECONNRESET' && error.message === 'aborted') {
      return new DownloadError('connection', `The connection to ${this.shownUrl} closed before the whole body arrived`);
    }
    if (TLS_FAILURE.test(code)) {
      return new DownloadError('tls', `TLS failure talking to ${this.shownUrl}: ${error.message}`);
    }
    return new DownloadError('connection', `Cannot download ${this.shownUrl}: ${error.message || code}`);
  }

  finish(): void {
    clearTimeout(this.totalTimer);
  }
}
