import { Inject, Injectable } from '@nestjs/common';
import { SQL, TableChanges, type Sql } from '@pulp/database';
import { ADMIN_ONLY_POLICY, type AccessPolicyDefinition } from './catalogue';

const TABLES = ['core_accesspolicy'];

/**
 * The access policy of a viewset as stored (customized or not); a viewset without a stored policy is
 * admin only, as in Pulp. All policies are read at once and kept until core_accesspolicy changes.
 */
@Injectable()
export class AccessPolicies {
  private cached?: { generation: number; policies: Promise<Map<string, AccessPolicyDefinition>> };

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly changes: TableChanges,
  ) {}

  async policyFor(viewset: string): Promise<AccessPolicyDefinition> {
    return (await this.all()).get(viewset) ?? ADMIN_ONLY_POLICY;
  }

  private all(): Promise<Map<string, AccessPolicyDefinition>> {
    const generation = this.changes.generationOf(TABLES);
    if (generation === undefined) {
      return this.read();
    }
    if (this.cached?.generation !== generation) {
      const policies = this.read();
      this.cached = { generation, policies };
      // A failed read is not kept: the next question tries again.
      policies.catch(() => {
        if (this.cached?.policies === policies) {
          this.cached = undefined;
        }
      });
    }
    return this.cached.policies;
  }

  private async read(): Promise<Map<string, AccessPolicyDefinition>> {
    const rows = await this.sql<AccessPolicyDefinition & { viewset_name: string }>(
      'SELECT viewset_name, statements, creation_hooks, queryset_scoping FROM core_accesspolicy',
    );
    return new Map(
      rows.map(({ viewset_name, statements, creation_hooks, queryset_scoping }) => [
        viewset_name,
        { statements, creation_hooks, queryset_scoping },
      ]),
    );
  }
}
