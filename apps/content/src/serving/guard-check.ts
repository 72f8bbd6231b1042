import { Injectable } from '@nestjs/common';
import { ContentGuards, type LoadedGuard } from '@pulp/core';
import { GenerationCache } from '@pulp/database';
import type { FastifyRequest } from 'fastify';
import { ALL_TABLES, ServedTables } from './served-tables';

/**
 * A distribution's content guard, checked before anything about the path is looked up (a guarded
 * distribution never tells whether a path exists). Loaded guards are cached with what they serve.
 */
@Injectable()
export class GuardCheck {
  private readonly loaded = new GenerationCache<Promise<LoadedGuard>>(1024);

  constructor(
    private readonly guards: ContentGuards,
    private readonly tables: ServedTables,
  ) {}

  /** Why the request is refused, or undefined when the guard (if any) lets it through. */
  async denial(guardId: string | null, request: FastifyRequest): Promise<string | undefined> {
    if (!guardId) {
      return undefined;
    }
    const guard = await this.tables.cached(this.loaded, ALL_TABLES, guardId, () => this.guards.load(guardId));
    return guard.denial({ method: request.method, headers: request.headers, ip: request.ip });
  }
}
