import { DiscoveryService } from '@nestjs/core';
import type { Sql } from '@pulp/database';
import type { LoadedGuard } from './guard-check';

/** Loads another content guard (any type) for a guard made of guards; a cycle loads as a refusing guard. */
export type GuardLoader = (guardId: string) => Promise<LoadedGuard>;

/**
 * How the guards of one `pulp_type` are checked: a provider marked `@ContentGuardType('<pulp_type>')`
 * (core's `core.header` and `core.composite` are two; a plugin adds its own, e.g. `certguard.x509`).
 */
export interface ContentGuardTypeLoader {
  /**
   * Reads guard `guardId` of this type (its core_contentguard row exists) with `sql` and returns it
   * ready to answer requests without SQL. `members` loads guards it is made of.
   */
  load(sql: Sql, guardId: string, members: GuardLoader): Promise<LoadedGuard>;
}

/** Marks a provider as the ContentGuardTypeLoader of one content guard `pulp_type`. Two for one type refuse to boot. */
export const ContentGuardType = DiscoveryService.createDecorator<string>();
