import { Inject, Injectable } from '@nestjs/common';
import { SQL, TableChanges, type Sql } from '@pulp/database';
import { ADMIN_ONLY_POLICY, type AccessPolicyDefinition } from './catalogue';
import { GenerationSnapshot } from './generation-snapshot';

const TABLES = ['core_accesspolicy'];

/**
 * The access policy of a viewset as stored (customized or not); a viewset without a stored policy is
 * admin only, as in Pulp. All policies are read at once and kept until core_accesspolicy changes.
 */
@Injectable()
export class AccessPolicies {
  private readonly policies: GenerationSnapshot<Map<string, AccessPolicyDefinition>>;

  constructor(@Inject(SQL) sql: Sql, changes: TableChanges) {
    this.policies = new GenerationSnapshot(
      async () => {
        const rows = await sql<AccessPolicyDefinition & { viewset_name: string }>(
          'SELECT viewset_name, statements, creation_hooks, queryset_scoping FROM core_accesspolicy',
        );
        return new Map(
          rows.map(({ viewset_name, statements, creation_hooks, queryset_scoping }) => [
            viewset_name,
            { statements, creation_hooks, queryset_scoping },
          ]),
        );
      },
      () => changes.generationOf(TABLES),
    );
  }

  async policyFor(viewset: string): Promise<AccessPolicyDefinition> {
    return (await this.policies.get()).get(viewset) ?? ADMIN_ONLY_POLICY;
  }
}
