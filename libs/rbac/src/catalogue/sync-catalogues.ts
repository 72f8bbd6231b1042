import { inTransaction, poolOf, uuid7, type Sql } from '@pulp/database';
import type { DataSource } from 'typeorm';
import type { RbacCatalogue } from './catalogue';
import { planCatalogueSync, type PolicyRow, type StoredCatalogue } from './catalogue-sync';
import { CORE_CATALOGUE } from './core-catalogue';

/** Serializes concurrent `migrate` runs: each plans from what the previous one wrote. */
const SYNC_LOCK = "hashtext('pulp rbac catalogue')";

/** Writes core's and the plugins' catalogues to the database (the post-migrate step); idempotent. */
export async function syncCatalogues(dataSource: DataSource, plugins: readonly RbacCatalogue[]): Promise<void> {
  await inTransaction(poolOf(dataSource), async (sql) => {
    await sql(`SELECT pg_advisory_xact_lock(${SYNC_LOCK})`);
    const plan = planCatalogueSync([CORE_CATALOGUE, ...plugins], await storedCatalogue(sql));
    if (plan.permissions.length > 0) {
      const column = (key: 'app_label' | 'codename' | 'model' | 'name') => plan.permissions.map((row) => row[key]);
      await sql(
        `INSERT INTO auth_permission (app_label, codename, model, name)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
        [column('app_label'), column('codename'), column('model'), column('name')],
      );
    }
    if (plan.obsoleteRoles.length > 0) {
      await sql('DELETE FROM core_role WHERE locked AND name = ANY($1::text[])', [plan.obsoleteRoles]);
    }
    for (const role of plan.roles) {
      const [{ pulp_id }] = await sql<{ pulp_id: string }>(
        `INSERT INTO core_role (pulp_id, name, description, locked) VALUES ($1, $2, $3, true)
         ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description, locked = true, pulp_last_updated = now()
         RETURNING pulp_id`,
        [uuid7(), role.name, role.description],
      );
      await sql('DELETE FROM core_role_permissions WHERE role_id = $1', [pulp_id]);
      await sql(
        `INSERT INTO core_role_permissions (role_id, permission_id)
         SELECT $1, id FROM auth_permission WHERE app_label || '.' || codename = ANY($2::text[])`,
        [pulp_id, role.permissions],
      );
    }
    for (const policy of plan.insertPolicies) {
      await sql(
        `INSERT INTO core_accesspolicy (pulp_id, viewset_name, statements, creation_hooks, queryset_scoping)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (viewset_name) DO NOTHING`,
        [uuid7(), ...policyValues(policy)],
      );
    }
    for (const policy of plan.replacePolicies) {
      await sql(
        `UPDATE core_accesspolicy SET statements = $2, creation_hooks = $3, queryset_scoping = $4,
           pulp_last_updated = now() WHERE viewset_name = $1 AND NOT customized`,
        policyValues(policy),
      );
    }
  });
}

/** A policy's values for SQL: JSON text for jsonb, a SQL NULL for no scoping. */
export function policyValues(policy: PolicyRow): [string, string, string, string | null] {
  return [
    policy.viewset_name,
    JSON.stringify(policy.statements),
    JSON.stringify(policy.creation_hooks),
    policy.queryset_scoping === null ? null : JSON.stringify(policy.queryset_scoping),
  ];
}

async function storedCatalogue(sql: Sql): Promise<StoredCatalogue> {
  const permissions = await sql<{ name: string }>("SELECT app_label || '.' || codename AS name FROM auth_permission");
  const roles = await sql<StoredCatalogue['roles'][number]>(
    `SELECT r.name, r.description, r.locked,
       coalesce(array_agg(p.app_label || '.' || p.codename) FILTER (WHERE p.id IS NOT NULL), '{}') AS permissions
     FROM core_role r LEFT JOIN core_role_permissions rp ON rp.role_id = r.pulp_id
       LEFT JOIN auth_permission p ON p.id = rp.permission_id
     GROUP BY r.pulp_id`,
  );
  const policies = await sql<StoredCatalogue['policies'][number]>(
    'SELECT viewset_name, statements, creation_hooks, queryset_scoping, customized FROM core_accesspolicy',
  );
  return { permissions: permissions.map((row) => row.name), roles, policies };
}
