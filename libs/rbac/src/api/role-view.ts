import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { inTransaction, PG_POOL, uuid7, type PgPoolLike, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import {
  FilterValueError,
  fieldFilters,
  identityFilters,
  modelFilterSet,
  NAME_LOOKUPS,
  RowView,
  type Filter,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import { RbacCatalogues } from '../catalogue/rbac-catalogues';
import { hrefViewset } from './object-type';
import type { RoleResponse } from './role.dto';

export interface RoleRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  name: string;
  description: string | null;
  locked: boolean;
  permissions: string[];
}

/** A role's permissions as `app_label.codename`, in Django's order of permissions. */
const PERMISSIONS_OF_ROLE = `coalesce((
  SELECT array_agg(p.app_label || '.' || p.codename ORDER BY p.app_label, p.model, p.codename)
  FROM core_role_permissions rp JOIN auth_permission p ON p.id = rp.permission_id
  WHERE rp.role_id = r.pulp_id), '{}') AS permissions`;

const ROLES: RowSource = { from: 'core_role r', columns: `r.*, ${PERMISSIONS_OF_ROLE}`, id: 'r.pulp_id', cached: true };

/** A role's permissions matching `condition` (over `p`, its auth_permission row). */
const withPermission = (condition: string) =>
  `EXISTS (SELECT 1 FROM core_role_permissions rp JOIN auth_permission p ON p.id = rp.permission_id
     WHERE rp.role_id = r.pulp_id AND ${condition})`;

/** `contains_permission`: roles holding any of the permissions named (`app.codename`, or a bare codename). */
const CONTAINS_PERMISSION: Filter = {
  schema: { type: 'array', items: { type: 'string' } },
  description: 'Filter roles that have any of the permissions in the list.',
  repeated: true,
  where: (raw, params) => {
    const dot = raw.indexOf('.');
    return dot < 0
      ? withPermission(`p.codename = ${params.add(raw)}`)
      : withPermission(
          `p.app_label = ${params.add(raw.slice(0, dot))} AND p.codename = ${params.add(raw.slice(dot + 1))}`,
        );
  },
};

/**
 * Pulp's RoleFilter. `for_object_type` takes an href (a list's or an object's): the roles with
 * permissions on its viewset's model only; `modelOf` names the model of a viewset.
 */
export function roleFilters(apiBase: string, modelOf: (viewset: string) => string | undefined): FilterSet {
  const forObjectType: Filter['where'] = (raw, params) => {
    const viewset = hrefViewset(raw, apiBase);
    const model = viewset === undefined ? undefined : modelOf(viewset);
    if (!model) {
      throw new FilterValueError(`No object type is served at ${raw}.`);
    }
    return onlyModelCondition(model, (value) => params.add(value));
  };
  return {
    ...modelFilterSet(
      'r',
      {
        contains_permission: CONTAINS_PERMISSION,
        ...fieldFilters('description', 'r.description', 'text', ['exact', 'iexact', 'icontains', 'contains']),
        for_object_type: {
          schema: { type: 'string' },
          description: 'Filter roles that only have permissions for the specified object HREF.',
          where: forObjectType,
        },
        ...fieldFilters('locked', 'r.locked', 'boolean', ['exact']),
        ...fieldFilters('name', 'r.name', 'text', NAME_LOOKUPS),
        ...identityFilters('r.pulp_id', 'core.role'),
      },
      ['name', 'description', 'locked'],
    ),
    defaultOrder: 'r.name, r.pulp_id',
  };
}

/** Roles with at least one permission on the model and none on any other model. */
function onlyModelCondition(model: string, add: (value: unknown) => string): string {
  const [appLabel, name] = model.split('.');
  const on = `p.app_label = ${add(appLabel)} AND p.model = ${add(name)}`;
  return `${withPermission(on)} AND NOT ${withPermission(`NOT (${on})`)}`;
}

/** The ids of permissions named `app_label.codename`, or Pulp's 400 for the first that is not one. */
async function permissionIds(sql: Sql, names: readonly string[]): Promise<number[]> {
  const rows = await sql<{ name: string; id: number }>(
    `SELECT app_label || '.' || codename AS name, id FROM auth_permission
     WHERE app_label || '.' || codename = ANY($1::text[])`,
    [names],
  );
  const ids = new Map(rows.map((row) => [row.name, row.id]));
  for (const name of names) {
    if (!name.includes('.')) {
      throw new PulpValidationError({
        permissions: [`Permission '${name}' is not in the format '<app_label>.<codename>'.`],
      });
    }
    if (!ids.has(name)) {
      throw new PulpValidationError({ permissions: [`Permission '${name}' does not exist.`] });
    }
  }
  return [...new Set(names)].map((name) => ids.get(name)!);
}

async function setPermissions(sql: Sql, roleId: string, permissionIds: number[]): Promise<void> {
  await sql('DELETE FROM core_role_permissions WHERE role_id = $1', [roleId]);
  await sql('INSERT INTO core_role_permissions (role_id, permission_id) SELECT $1, unnest($2::integer[])', [
    roleId,
    permissionIds,
  ]);
}

@Injectable()
export class RoleView extends RowView<RoleRow, RoleResponse> {
  protected readonly source = ROLES;
  readonly filters: FilterSet;

  constructor(
    @Inject(PG_POOL) private readonly pool: PgPoolLike,
    settings: PulpSettings,
    catalogues: RbacCatalogues,
  ) {
    super(pool, settings);
    this.filters = roleFilters(this.api, (viewset) => catalogues.modelOf(viewset));
  }

  /** Creates a role (name unique, permissions existing), as one transaction. */
  async create(role: {
    name: string;
    description: string | null;
    permissions: string[];
  }): Promise<RoleResponse | undefined> {
    return this.write(async (sql) => {
      const permissions = await permissionIds(sql, role.permissions);
      const [row] = await sql<{ pulp_id: string }>(
        'INSERT INTO core_role (pulp_id, name, description) VALUES ($1, $2, $3) RETURNING pulp_id',
        [uuid7(), role.name, role.description],
      );
      await setPermissions(sql, row.pulp_id, permissions);
      return row.pulp_id;
    });
  }

  /** Changes the fields given; undefined when the role is gone. */
  async change(
    id: string,
    role: { name?: string; description?: string | null; permissions?: string[] },
  ): Promise<RoleResponse | undefined> {
    return this.write(async (sql) => {
      const permissions = role.permissions && (await permissionIds(sql, role.permissions));
      const [row] = await sql<{ pulp_id: string }>(
        `UPDATE core_role SET name = coalesce($2, name),
           description = CASE WHEN $3::boolean THEN $4 ELSE description END, pulp_last_updated = now()
         WHERE pulp_id = $1 RETURNING pulp_id`,
        [id, role.name ?? null, role.description !== undefined, role.description ?? null],
      );
      if (row && permissions) {
        await setPermissions(sql, id, permissions);
      }
      return row?.pulp_id;
    });
  }

  async delete(id: string): Promise<void> {
    await this.sql('DELETE FROM core_role WHERE pulp_id = $1', [id]);
  }

  private async write(work: (sql: Sql) => Promise<string | undefined>): Promise<RoleResponse | undefined> {
    const id = await inTransaction(this.pool, work);
    return id === undefined ? undefined : this.find(id);
  }

  protected toResponse(row: RoleRow, api: string): RoleResponse {
    return {
      pulp_href: `${api}roles/${row.pulp_id}/`,
      prn: `prn:core.role:${row.pulp_id}`,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      name: row.name,
      description: row.description,
      permissions: row.permissions,
      locked: row.locked,
    };
  }
}
