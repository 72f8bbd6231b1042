import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { PulpSettings } from '@pulp/config';
import { Redis, type RedisOptions } from 'ioredis';
import { existingCandidate, existsKeys, GUARD_FIELD } from './cache-entry';

/** Errors are reported at most this often: a Redis that is down would otherwise log every request. */
const REPORT_EVERY_MS = 60_000;

/** A hash found for a request, and its field's value (undefined: the hash lacks it). */
export interface FoundEntry {
  key: string;
  value: string | undefined;
}

/**
 * The response cache's Redis. Failures never reach a request: a failed read is a miss, a failed
 * write is lost; commands fail at once while the connection is down (no offline queue), and the
 * client keeps reconnecting in the background.
 */
export class RedisStore {
  private readonly logger = new Logger('content');
  private readonly client: Redis;
  private reported = -Infinity;

  constructor(settings: PulpSettings) {
    const options: RedisOptions = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      connectionName: 'pulp-content-cache',
      retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    };
    this.client = settings.REDIS_URL
      ? new Redis(settings.REDIS_URL, options)
      : new Redis({
          ...options,
          host: settings.REDIS_HOST ?? undefined,
          port: settings.REDIS_PORT ?? undefined,
          db: settings.REDIS_DB,
          password: settings.REDIS_PASSWORD ?? undefined,
          tls: settings.REDIS_SSL
            ? { ca: settings.REDIS_SSL_CA_CERTS ? readFileSync(settings.REDIS_SSL_CA_CERTS) : undefined }
            : undefined,
        });
    this.client.on('error', (error: Error) => this.report(error));
  }

  /** Calls `listener` whenever the connection is (again) ready. */
  onReady(listener: () => void): void {
    this.client.on('ready', listener);
  }

  /** The hash of the first of `candidates` (base path candidates, longest first) that has one, and its `field`. */
  async find(candidates: readonly string[], field: string): Promise<FoundEntry | undefined> {
    if (!this.ready()) {
      return undefined;
    }
    try {
      const key = existingCandidate(candidates, await this.client.exists(...existsKeys(candidates)));
      if (key === undefined) {
        return undefined;
      }
      return { key, value: (await this.client.hget(key, field)) ?? undefined };
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  /**
   * Sets a field (and, when absent, the guard field), and renews the hash's expiry. Sent at once, so
   * a later forget() of the same key reaches Redis after it.
   */
  save(key: string, field: string, value: string, guarded: boolean, ttlSeconds: number | null): void {
    if (!this.ready()) {
      return;
    }
    const transaction = this.client
      .multi()
      .hset(key, field, value)
      .hsetnx(key, GUARD_FIELD, guarded ? 'True' : 'False');
    if (ttlSeconds !== null) {
      transaction.expire(key, ttlSeconds);
    }
    transaction.exec().catch((error: unknown) => this.report(error));
  }

  /** Deletes one field (an expired or unreadable entry). */
  forgetField(key: string, field: string): void {
    if (!this.ready()) {
      return;
    }
    this.client.hdel(key, field).catch((error: unknown) => this.report(error));
  }

  /** Deletes whole hashes; false when Redis could not be told. */
  async forget(keys: readonly string[]): Promise<boolean> {
    if (!this.ready()) {
      return false;
    }
    try {
      for (let start = 0; start < keys.length; start += 1000) {
        await this.client.del(...keys.slice(start, start + 1000));
      }
      return true;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  close(): void {
    this.client.disconnect();
  }

  /** Connected: commands are not even tried otherwise (the connection's errors are reported as they come). */
  private ready(): boolean {
    return this.client.status === 'ready';
  }

  private report(error: unknown): void {
    const now = Date.now();
    if (now - this.reported >= REPORT_EVERY_MS) {
      this.reported = now;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Redis response cache unavailable, serving without it: ${message}`);
    }
  }
}
