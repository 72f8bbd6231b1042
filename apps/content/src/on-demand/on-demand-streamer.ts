import { unlink } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { ArtifactStore, remoteUrlProblem } from '@pulp/core';
import { DatabaseEncryption, SQL, uuid7, type Sql } from '@pulp/database';
import { DownloadError, redactUrl, type StreamingDownload } from '@pulp/download';
import type { ByteRange, ChecksumAlgorithm, HashedFile } from '@pulp/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendEmpty } from '../serving/empty-answer';
import { requestedRange } from '../serving/http-conditions';
import type { FoundFile } from '../serving/served-content';
import { ServedBytes } from '../serving/served-bytes';
import { ServedTables } from '../serving/served-tables';
import { byteSlice, holdLastChunk } from './body-transforms';
import { startDownloadSpan } from './download-span';
import { RemoteDownloaders } from './remote-downloaders';
import { expectedFile, REMOTE_SOURCES_SQL, type RemoteSource } from './remote-sources';

/** Upstream headers that describe the connection or the encoding, not the file (Pulp drops the same). */
const HOP_BY_HOP = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'keep-alive',
  'public',
  'proxy-authenticate',
  'transfer-encoding',
  'upgrade',
  'accept-ranges',
  'content-range',
]);

/** A request for a file found in a distribution whose artifact is not stored yet. */
export interface OnDemandRequest {
  request: FastifyRequest;
  reply: FastifyReply;
  found: FoundFile;
  relativePath: string;
  /** Core's and the distribution type's headers for the path (the upstream's may replace them). */
  headers: Record<string, string>;
}

/**
 * Serves a content artifact whose file is not stored yet (content-app spec §7): downloads it from
 * one of its remotes while streaming it to the client, and (unless the remote's policy is
 * `streamed`) saves the verified file as an artifact linked to the content, so the next request is
 * served from storage. The client's response ends only once the file is verified and saved; a
 * failure after the first byte (upstream gone, wrong checksum, client gone) breaks the connection
 * instead, and nothing is saved.
 */
@Injectable()
export class OnDemandStreamer implements OnApplicationShutdown {
  private readonly logger = new Logger('content');
  private readonly downloaders: RemoteDownloaders;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly settings: PulpSettings,
    private readonly store: ArtifactStore,
    private readonly served: ServedTables,
    private readonly servedBytes: ServedBytes,
    encryption: DatabaseEncryption,
  ) {
    this.downloaders = new RemoteDownloaders(this.logger, encryption);
  }

  async stream(asked: OnDemandRequest): Promise<void> {
    const { request, reply, found, relativePath } = asked;
    let range: ByteRange | undefined;
    if (found.size !== null) {
      const asked = requestedRange(request.headers.range, found.size);
      if (asked === 'unsatisfiable') {
        await sendEmpty(reply.header('content-range', `bytes */${found.size}`), 416);
        return;
      }
      range = asked;
    }
    const sources = await this.sql<RemoteSource>(REMOTE_SOURCES_SQL, [
      found.contentArtifactId,
      this.settings.REMOTE_CONTENT_FETCH_FAILURE_COOLDOWN,
    ]);
    for (const source of sources) {
      const refused = this.refusedUrl(source.ra_url);
      if (refused) {
        this.logger.warn(`Not fetching ${relativePath} from remote ${source.name}: ${refused}`);
        continue;
      }
      const lease = this.downloaders.lease(source);
      const span = startDownloadSpan(source.ra_url, source.name);
      let download: StreamingDownload;
      try {
        download = await lease.downloader.stream(source.ra_url, {
          dir: this.settings.WORKING_DIRECTORY,
          algorithms: this.settings.ALLOWED_CONTENT_CHECKSUMS as ChecksumAlgorithm[],
          expected: expectedFile(source),
        });
      } catch (error) {
        span?.failed(error);
        lease.release();
        // Nothing reached the client yet: the next source may do better.
        this.logger.warn(`Cannot fetch ${relativePath} from remote ${source.name}: ${(error as Error).message}`);
        continue;
      }
      if (span) {
        span.answered(download.status);
        download.file.then(
          (file) => span.finished(file.size),
          (error: unknown) => span.failed(error),
        );
      }
      try {
        await this.relay(asked, source, download, range);
      } finally {
        lease.release();
      }
      return;
    }
    await reply.code(404).type('text/plain; charset=utf-8').send('404: Not Found');
  }

  onApplicationShutdown(): void {
    this.downloaders.closeAll();
  }

  /** Sends what `download` brings (the `range` of it) and keeps the file once it is whole and verified. */
  private async relay(
    { request, reply, found, relativePath, headers }: OnDemandRequest,
    source: RemoteSource,
    download: StreamingDownload,
    range: ByteRange | undefined,
  ): Promise<void> {
    const size = source.ra_size ?? download.headers['content-length'];
    reply.headers({ ...headers, ...this.upstreamHeaders(download), 'accept-ranges': 'bytes' });
    if (size !== undefined && size !== null) {
      reply.header('x-pulp-artifact-size', String(size));
      reply.header('content-length', String(range ? range.end - range.start + 1 : size));
    }
    if (range) {
      reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`);
    }
    // Saved (or dropped) as soon as the file is verified; the client's last bytes wait for it.
    const kept = download.file.then((file) => this.keep(source, file, found.contentArtifactId));
    const settled = kept.catch((error: unknown) => this.failed(source, relativePath, error));
    if (request.method === 'HEAD') {
      // Pulp fetches (and saves) the whole file for a HEAD too; the client only waits for the headers.
      download.body.on('error', () => undefined).resume();
      await reply.send();
      return settled;
    }
    // A failure anywhere (upstream, checksum, saving, the client leaving) destroys the body; Fastify
    // then destroys the response, which the client sees short of its Content-Length, never whole.
    const body = holdLastChunk(kept);
    // Counted once the client has had it all: the whole verified file, or the range of it.
    Promise.all([download.file, kept]).then(
      ([file]) => this.servedBytes.add(range ? range.end - range.start + 1 : file.size),
      () => undefined,
    );
    pipeline(download.body, range ? byteSlice(range) : new PassThrough(), body).catch(() => undefined);
    await reply.send(body);
    return settled;
  }

  /** Saves the verified file as the content artifact's artifact, or drops it for a `streamed` remote. */
  private async keep(source: RemoteSource, file: HashedFile, contentArtifactId: string): Promise<void> {
    if (source.policy === 'streamed') {
      await unlink(file.path).catch(() => undefined);
      return;
    }
    let artifact;
    try {
      // In the remote's domain (the content's), whatever domain the request is served in.
      ({ artifact } = await this.store.create(file, uuid7(), source.pulp_domain_id));
    } catch (error) {
      // Moved into storage or not, the spooled copy must not stay behind.
      await unlink(file.path).catch(() => undefined);
      throw error;
    }
    // Concurrent requests may each have saved it: the first link wins, the artifact row is one (by sha256).
    await this.sql('UPDATE core_contentartifact SET artifact_id = $1 WHERE pulp_id = $2 AND artifact_id IS NULL', [
      artifact.pulp_id,
      contentArtifactId,
    ]);
    this.served.touched(['core_contentartifact', 'core_artifact']);
  }

  /** A transfer that broke: a wrong file puts its remote artifact in cooldown (Pulp's failed_at). */
  private async failed(source: RemoteSource, relativePath: string, error: unknown): Promise<void> {
    const invalid = error instanceof DownloadError && (error.reason === 'digest' || error.reason === 'size');
    if (!invalid) {
      this.logger.warn(`Streaming ${relativePath} from remote ${source.name} stopped: ${(error as Error).message}`);
      return;
    }
    this.logger.warn(
      `Remote ${source.name} served a wrong file for ${relativePath} (${redactUrl(source.ra_url)}); it is not used ` +
        `for this file for ${this.settings.REMOTE_CONTENT_FETCH_FAILURE_COOLDOWN} s: ${error.message}`,
    );
    await this.sql('UPDATE core_remoteartifact SET failed_at = now() WHERE pulp_id = $1', [source.ra_id]).catch(
      (cause: unknown) => this.logger.error(`Cannot record the failure of ${source.ra_id}: ${String(cause)}`),
    );
  }

  /** A local file (`file://`) is read only under ALLOWED_IMPORT_PATHS, as at sync time: the setting may have narrowed since. */
  private refusedUrl(url: string): string | null {
    return url.startsWith('file:') ? remoteUrlProblem(url, this.settings.ALLOWED_IMPORT_PATHS) : null;
  }

  private upstreamHeaders(download: StreamingDownload): Record<string, string | string[]> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(download.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) {
        headers[name] = value;
      }
    }
    return headers;
  }
}
