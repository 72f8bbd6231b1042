import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { inDomain } from '@pulp/domains';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ArtifactSender } from '../serving/artifact-sender';
import { DistributionIndex } from '../serving/distribution-index';
import { sendRedirect } from '../serving/empty-answer';
import { GuardCheck } from '../serving/guard-check';
import { basePathCandidates, parseContentPath } from '../serving/request-path';
import { watchServed, type ServedAnswer, type ServedNote } from '../serving/served-notes';
import { FILE_TABLES, ServedTables, SOURCE_TABLES, type TableSet } from '../serving/served-tables';
import { decodeEntry, encodeEntry, entryField, redirectTtl, type CacheEntry } from './cache-entry';
import { RedisStore } from './redis-store';

/** A content request as the cache sees it. */
interface CachedPath {
  segments: string[];
  /** Base path candidates, longest first. */
  candidates: string[];
  field: string;
}

/**
 * What a cached answer is read from: the distributions, their sources and their files. Guards are
 * not among them: a hit checks the guard as any request does.
 */
const CACHED_FROM: TableSet = [...new Set([...SOURCE_TABLES, ...FILE_TABLES])];
/** Reply headers that belong to one response, not to the cached one. */
const UNCACHED_HEADERS = new Set(['x-pulp-cache', 'content-length', 'location']);
/** How soon hashes that could not be dropped (Redis unreachable) are dropped again. */
const RETRY_DROP_MS = 5000;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Pulp's Redis response cache (content-app spec §8, CACHE_ENABLED): answers a content request from
 * its distribution's hash when it can (`X-PULP-CACHE: HIT`), otherwise lets the content server
 * answer (`MISS`) and keeps what it noted sending, when that is cacheable: a stored artifact, a
 * listing, a redirect to storage.
 *
 * Invalidation follows the database instead of the API's writes: whenever the tables answers are
 * read from change (CACHED_FROM's generation moves, which every content process sees through
 * PostgreSQL NOTIFY), every distribution's hash is deleted. A response computed before a change is never kept after it,
 * and nothing is read from Redis until this process has dropped the hashes of the current generation.
 */
@Injectable()
export class ResponseCache implements OnApplicationShutdown {
  private readonly store: RedisStore;
  private readonly prefix: string;
  private readonly ttl: number | null;
  private readonly unsubscribe: () => void;
  /** The generation whose hashes are dropped: entries read at it are current. */
  private clean?: number;
  private dropping = false;
  private dropAgain = false;
  private retry?: NodeJS.Timeout;
  /** Hashes this process wrote to since it last dropped them (a deleted distribution's among them). */
  private readonly filled = new Set<string>();

  constructor(
    settings: PulpSettings,
    private readonly tables: ServedTables,
    private readonly distributions: DistributionIndex,
    private readonly guard: GuardCheck,
    private readonly sender: ArtifactSender,
  ) {
    this.store = new RedisStore(settings);
    this.prefix = settings.CONTENT_PATH_PREFIX;
    const ttl = settings.CACHE_SETTINGS.EXPIRES_TTL;
    this.ttl = ttl === undefined ? 600 : ttl;
    this.unsubscribe = tables.onChange(() => this.changed());
    // Hashes that could not be dropped while Redis was away are dropped once it is back.
    this.store.onReady(() => this.changed());
  }

  /** Answers from the cache, or through `handle` (the content server), keeping its answer when it may. */
  async serve(request: FastifyRequest, reply: FastifyReply, handle: () => Promise<void>): Promise<void> {
    const generation = this.tables.generation(CACHED_FROM);
    const at = this.locate(request);
    // While table changes cannot be followed, nothing cached can be trusted.
    if (generation === undefined || !at) {
      return handle();
    }
    if (this.clean === generation) {
      const found = await this.store.find(at.candidates, at.field);
      if (found?.value !== undefined && (await this.hit(request, reply, at, found.key, found.value))) {
        return;
      }
    }
    reply.header('x-pulp-cache', 'MISS');
    const note = watchServed(reply);
    await handle();
    this.keep(note, reply, at.field, generation);
  }

  onApplicationShutdown(): void {
    this.unsubscribe();
    clearTimeout(this.retry);
    this.store.close();
  }

  /** A request for something in a distribution (below the prefix, not the root), or undefined. */
  private locate(request: FastifyRequest): CachedPath | undefined {
    const rawPath = (request.raw.url ?? '/').split('?', 1)[0];
    const path = rawPath.startsWith(this.prefix) ? parseContentPath(rawPath.slice(this.prefix.length)) : undefined;
    if (!path || path.segments.length === 0) {
      return undefined;
    }
    const { segments, trailingSlash } = path;
    const decoded = `${this.prefix}${segments.join('/')}${trailingSlash ? '/' : ''}`;
    return { segments, candidates: basePathCandidates(segments), field: entryField(decoded, request.method) };
  }

  /**
   * Sends a cached entry, once the distribution is matched again (in memory) and its guard, if it
   * has one, lets the request through; false when the content server must answer instead.
   */
  private async hit(
    request: FastifyRequest,
    reply: FastifyReply,
    at: CachedPath,
    key: string,
    value: string,
  ): Promise<boolean> {
    const entry = decodeEntry(value, nowSeconds());
    if (!entry) {
      this.store.forgetField(key, at.field);
      return false;
    }
    const match = await this.distributions.match(at.segments);
    if (match.kind !== 'distribution' || match.distribution.servedPath !== key) {
      // A hash no distribution owns any more (its process died before dropping it): never read it again.
      await this.store.forget([key]);
      return false;
    }
    const { distribution } = match;
    // In the distribution's domain, as the content server answers: its guard, and the bytes it counts.
    return inDomain(distribution.domain, async () => {
      if ((await this.guard.denial(distribution.contentGuardId, request)) !== undefined) {
        return false;
      }
      reply.header('x-pulp-cache', 'HIT');
      switch (entry.type) {
        case 'FileResponse':
          try {
            await this.sender.send(request, reply, entry.file, entry.headers);
          } catch (error) {
            this.store.forgetField(key, at.field);
            throw error;
          }
          return true;
        case 'Response':
          await reply.code(entry.status).headers(entry.headers).send(entry.text);
          return true;
        case 'Redirect':
          await sendRedirect(reply.headers(entry.headers), entry.location, 302);
          return true;
      }
    });
  }

  /** Stores what was sent when it is cacheable and nothing it was read from has changed since. */
  private keep(note: ServedNote, reply: FastifyReply, field: string, generation: number): void {
    const { distribution, answer } = note;
    const entry = answer && this.entryOf(answer, reply);
    if (!distribution || !entry || this.tables.generation(CACHED_FROM) !== generation) {
      return;
    }
    const path = answer?.type === 'FileResponse' ? answer.path : undefined;
    const ttl = answer?.type === 'Redirect' ? redirectTtl(this.ttl, answer.lifetime) : this.ttl;
    if (ttl !== null && ttl <= 0) {
      return;
    }
    // Synchronously after the generation check: a drop for a later change is sent after this write.
    this.store.save(
      distribution.servedPath,
      field,
      encodeEntry(entry, nowSeconds(), ttl, path),
      distribution.guarded,
      this.ttl,
    );
    this.filled.add(distribution.servedPath);
  }

  /** Cacheable: a stored artifact (whatever range or condition this request had), a 2xx page with a body, a 302. */
  private entryOf(answer: ServedAnswer, reply: FastifyReply): CacheEntry | undefined {
    const status = reply.statusCode;
    switch (answer.type) {
      case 'FileResponse':
        return status < 500
          ? { type: 'FileResponse', status: 200, headers: answer.headers, file: answer.file }
          : undefined;
      case 'Response':
        return status >= 200 && status < 300 && answer.text !== ''
          ? { type: 'Response', status, headers: this.headersOf(reply), text: answer.text }
          : undefined;
      case 'Redirect':
        return status === 302
          ? { type: 'Redirect', status, headers: this.headersOf(reply), location: answer.location }
          : undefined;
    }
  }

  private headersOf(reply: FastifyReply): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !UNCACHED_HEADERS.has(name)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
    }
    return headers;
  }

  /** The served tables may have changed: drop every distribution's hash (once per generation). */
  private changed(): void {
    const generation = this.tables.generation(CACHED_FROM);
    if (generation === undefined || generation === this.clean) {
      return;
    }
    if (this.dropping) {
      this.dropAgain = true;
      return;
    }
    void this.drop();
  }

  private async drop(): Promise<void> {
    this.dropping = true;
    clearTimeout(this.retry);
    let dropped: boolean;
    do {
      this.dropAgain = false;
      dropped = await this.dropAll();
    } while (this.dropAgain);
    this.dropping = false;
    if (!dropped) {
      // Until Redis has forgotten them, entries are neither read nor trusted.
      this.clean = undefined;
      this.retry = setTimeout(() => this.changed(), RETRY_DROP_MS);
      this.retry.unref();
    }
  }

  /** Deletes the hash of every distribution, and of every one this process wrote; false when it could not. */
  private async dropAll(): Promise<boolean> {
    const generation = this.tables.generation(CACHED_FROM);
    const keys = new Set(this.filled);
    this.filled.clear();
    // Without the index (the database is away) other processes' hashes would stay: try again later.
    const servedPaths = await this.distributions.servedPaths().catch(() => undefined);
    servedPaths?.forEach((path) => keys.add(path));
    if ((await this.store.forget([...keys])) && servedPaths !== undefined) {
      this.clean = generation;
      return true;
    }
    keys.forEach((key) => this.filled.add(key));
    return false;
  }
}
