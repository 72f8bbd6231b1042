import { Injectable } from '@nestjs/common';
import {
  fieldFilters,
  identityFilters,
  modelFilterSet,
  NAME_LOOKUPS,
  RowView,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import type { PolicyRow } from '../catalogue/catalogue-sync';
import { policyValues } from '../catalogue/sync-catalogues';
import type { AccessPolicyResponse } from './access-policy.dto';
import type { PolicyChanges } from './policy-body';

export interface AccessPolicyRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  viewset_name: string;
  statements: unknown[];
  creation_hooks: unknown[];
  queryset_scoping: Record<string, unknown> | null;
  customized: boolean;
}

const ACCESS_POLICIES: RowSource = { from: 'core_accesspolicy a', columns: 'a.*', id: 'a.pulp_id', cached: true };

/** Pulp's AccessPolicyViewSet filters, ordered by viewset name. */
export const ACCESS_POLICY_FILTERS: FilterSet = {
  ...modelFilterSet(
    'a',
    {
      ...fieldFilters('viewset_name', 'a.viewset_name', 'text', NAME_LOOKUPS),
      ...fieldFilters('customized', 'a.customized', 'boolean', ['exact']),
      ...identityFilters('a.pulp_id', 'core.accesspolicy'),
    },
    ['creation_hooks', 'customized', 'queryset_scoping', 'statements', 'viewset_name'],
  ),
  defaultOrder: 'a.viewset_name, a.pulp_id',
};

@Injectable()
export class AccessPolicyView extends RowView<AccessPolicyRow, AccessPolicyResponse> {
  protected readonly source = ACCESS_POLICIES;

  /** Applies an admin's changes: the policy is customized from then on (until reset). No change, no write. */
  async customize(id: string, changes: PolicyChanges): Promise<AccessPolicyResponse | undefined> {
    if (Object.keys(changes).length === 0) {
      return this.find(id);
    }
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    const [row] = await this.sql<AccessPolicyRow>(
      `UPDATE core_accesspolicy SET customized = true, pulp_last_updated = now(),
         statements = coalesce($2::jsonb, statements), creation_hooks = coalesce($3::jsonb, creation_hooks),
         queryset_scoping = CASE WHEN $4::boolean THEN $5::jsonb ELSE queryset_scoping END
       WHERE pulp_id = $1 RETURNING *`,
      [
        id,
        json(changes.statements),
        json(changes.creation_hooks),
        changes.queryset_scoping !== undefined,
        json(changes.queryset_scoping),
      ],
    );
    return row && this.bodyOf(row);
  }

  /** Puts the catalogue's default back; the policy follows later defaults again. */
  async reset(id: string, policy: PolicyRow): Promise<AccessPolicyResponse | undefined> {
    const [row] = await this.sql<AccessPolicyRow>(
      `UPDATE core_accesspolicy SET customized = false, pulp_last_updated = now(),
         statements = $2, creation_hooks = $3, queryset_scoping = $4
       WHERE pulp_id = $5 AND viewset_name = $1 RETURNING *`,
      [...policyValues(policy), id],
    );
    return row && this.bodyOf(row);
  }

  protected toResponse(row: AccessPolicyRow, api: string): AccessPolicyResponse {
    return {
      pulp_href: `${api}access_policies/${row.pulp_id}/`,
      prn: `prn:core.accesspolicy:${row.pulp_id}`,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      permissions_assignment: row.creation_hooks,
      creation_hooks: row.creation_hooks,
      statements: row.statements,
      viewset_name: row.viewset_name,
      customized: row.customized,
      queryset_scoping: row.queryset_scoping,
    };
  }
}
