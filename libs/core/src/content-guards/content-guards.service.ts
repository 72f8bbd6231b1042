import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { SQL, type Sql } from '@pulp/database';
import { discoveredByType } from '../discovered-by-type';
import { ContentGuardType, type ContentGuardTypeLoader } from './content-guard-type';
import { refusingGuard, unknownGuardType, type LoadedGuard } from './guard-check';

/**
 * Content guards as the content app checks them: `load(id)` reads a guard (its row, its type's
 * fields, its members) with the type's @ContentGuardType provider, and the result answers requests
 * without SQL (an RBAC guard asks about the request's user when asked). What cannot be checked
 * refuses: a type no loaded code knows (core.content_redirect, a plugin's that is not installed), a
 * guard gone, a composite containing itself.
 */
@Injectable()
export class ContentGuards implements OnModuleInit {
  private types = new Map<string, ContentGuardTypeLoader>();

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  onModuleInit(): void {
    this.types = discoveredByType(this.discovery, ContentGuardType);
  }

  /** The guard `guardId`, loaded. */
  load(guardId: string): Promise<LoadedGuard> {
    return this.loadWithin(guardId, []);
  }

  /** `path`: the composites being loaded around this one (a guard among them is a cycle). */
  private async loadWithin(guardId: string, path: readonly string[]): Promise<LoadedGuard> {
    if (path.includes(guardId)) {
      return refusingGuard(`Content guard ${guardId} contains itself.`);
    }
    const [row] = await this.sql<{ pulp_type: string }>('SELECT pulp_type FROM core_contentguard WHERE pulp_id = $1', [
      guardId,
    ]);
    if (!row) {
      return refusingGuard(`Content guard ${guardId} does not exist.`);
    }
    const type = this.types.get(row.pulp_type);
    if (!type) {
      return unknownGuardType(row.pulp_type);
    }
    return type.load(this.sql, guardId, (member) => this.loadWithin(member, [...path, guardId]));
  }
}
