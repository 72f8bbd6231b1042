import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '@pulp/database/sql';
import type { PolicyStatement } from './statements';

/** What the guard reads of a viewset's access policy. */
export interface ViewsetPolicy {
  statements: PolicyStatement[];
  /** `{"function": "scope_queryset"}`: lists and lookups show only what the caller may see; null: everything. */
  queryset_scoping?: { function: string; parameters?: Record<string, unknown> | null } | null;
}

/** Where the guard gets a viewset's policy (the catalogue's AccessPolicies provides it). */
export const POLICY_SOURCE = Symbol('pulp:policy-source');

export interface PolicySource {
  policyFor(viewset: string): Promise<ViewsetPolicy>;
}

/** Pulp's policy of a viewset without a stored one: only admins (superusers). */
const ADMIN_ONLY: ViewsetPolicy = {
  statements: [{ action: '*', principal: 'admin', effect: 'allow' }],
  queryset_scoping: null,
};

/** The stored policy (core_accesspolicy), else admin only: read per request, one row by its unique name. */
@Injectable()
export class StoredPolicies implements PolicySource {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async policyFor(viewset: string): Promise<ViewsetPolicy> {
    const [row] = await this.sql<ViewsetPolicy>(
      'SELECT statements, queryset_scoping FROM core_accesspolicy WHERE viewset_name = $1',
      [viewset],
    );
    return row ?? ADMIN_ONLY;
  }
}
