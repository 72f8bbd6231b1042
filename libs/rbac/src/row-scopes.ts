import { Inject, Injectable, Optional } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { GenerationCache, SQL, TableChanges, type Sql } from '@pulp/database';
import type { ObjectScope, RowScope, RowScopes, SqlParams } from '@pulp/rest';
import { requestAccess, type RequestAccess } from './caller-context';
import { grantsSql, PERMISSION_NAME_SQL } from './grants';
import { OBJECT_REFERENCES, viewPermission, type ObjectReferences } from './object-references';

/** A permission's grants to the caller that are not on single objects: what decides a scope's shape. */
interface WideGrants {
  modelWide: boolean;
  domains: string[];
  /** The roles granting it, and the caller's groups: what the object subquery reads assignments by. */
  roles: string[];
  groups: number[];
}

/**
 * What wide grants are read from. Object grants are not kept (the subquery reads them live), so the
 * task roles every dispatch inserts, which notify nothing, need not move the generation.
 */
const GRANT_TABLES = [
  'auth_user_groups',
  'auth_permission',
  'core_role',
  'core_role_permissions',
  'core_userrole',
  'core_grouprole',
];

/**
 * Pulp's queryset scoping in SQL, for the caller of the request in context (none outside requests,
 * for superusers, and under policies without `queryset_scoping`: no condition). A row is seen by
 * holding its model's view permission model-wide (no condition at all), on its domain, or on the
 * row itself (a subquery of the caller's object grants); derived scopes see rows through others.
 * The wide grants are read once per caller and permission, and kept until a table they are read
 * from changes: a caller holding roles on many objects pays for them only in the page's own query.
 */
@Injectable()
export class CallerRowScopes implements RowScopes {
  private readonly kept = new GenerationCache<Promise<WideGrants>>(4096);

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly settings: PulpSettings,
    @Optional() @Inject(OBJECT_REFERENCES) private readonly references?: ObjectReferences,
    @Optional() private readonly changes?: TableChanges,
  ) {}

  async condition(scope: RowScope, params: SqlParams): Promise<string | undefined> {
    const access = requestAccess();
    if (!access?.caller || !access.scoped) {
      return undefined;
    }
    if ('objects' in scope) {
      return this.objects(access, scope.objects, params);
    }
    const visible = await this.objects(access, scope.through, params);
    const { id, from } = scope.through;
    return scope.link(visible === undefined ? undefined : `SELECT ${id} FROM ${from} WHERE ${visible}`);
  }

  private async objects(access: RequestAccess, scope: ObjectScope, params: SqlParams): Promise<string | undefined> {
    if (typeof scope.model === 'string') {
      return this.ofModel(access, scope, scope.model, params);
    }
    const { master, pulpType, typeColumn } = scope.model;
    const models = [...(this.references?.modelsOf(master) ?? new Map<string, string>())].filter(
      ([type]) => pulpType === undefined || type === pulpType,
    );
    const conditions: Array<[type: string, condition: string | undefined]> = [];
    for (const [type, model] of models) {
      conditions.push([type, await this.ofModel(access, scope, model, params)]);
    }
    // Every type seen model-wide: no condition at all (and no parameter left unused).
    if (models.length > 0 && conditions.every(([, condition]) => condition === undefined)) {
      return undefined;
    }
    const parts = conditions
      .filter(([, condition]) => condition !== 'FALSE')
      .map(
        ([type, condition]) =>
          `(${typeColumn} = ${params.add(type)}${condition === undefined ? '' : ` AND ${condition}`})`,
      );
    return parts.length > 0 ? `(${parts.join(' OR ')})` : 'FALSE';
  }

  /** The condition for rows of one model: undefined when all are seen, `FALSE` when none. */
  private async ofModel(
    access: RequestAccess,
    scope: ObjectScope,
    model: string,
    params: SqlParams,
  ): Promise<string | undefined> {
    const permission = viewPermission(model);
    const grants = await this.wideGrants(access, permission);
    if (grants.modelWide) {
      return undefined;
    }
    const parts: string[] = [];
    // Grants on a domain count only with domains enabled, as Pulp's has_domain_perms.
    if (scope.domain && grants.domains.length > 0 && this.settings.DOMAIN_ENABLED) {
      parts.push(`${scope.domain} = ANY(${params.add(grants.domains, 'uuid[]')})`);
    }
    if (grants.roles.length > 0) {
      // An array computed once (an InitPlan): the rows are then found by their key, as many lookups as
      // the caller has grants, instead of a join over every row of the table.
      parts.push(
        `${scope.id} = ANY(ARRAY(${this.objectGrants(access.caller!.id, grants, model, scope.idType, params)}))`,
      );
    }
    return parts.length > 0 ? `(${parts.join(' OR ')})` : 'FALSE';
  }

  private wideGrants(access: RequestAccess, permission: string): Promise<WideGrants> {
    let grants = access.grants.get(permission) as Promise<WideGrants> | undefined;
    if (!grants) {
      grants = this.keptWideGrants(access.caller!.id, permission);
      access.grants.set(permission, grants);
    }
    return grants;
  }

  /** Read once per generation of the grant tables; read every time while changes cannot be followed. */
  private keptWideGrants(user: number, permission: string): Promise<WideGrants> {
    const generation = this.changes?.generationOf(GRANT_TABLES);
    if (generation === undefined) {
      return this.readWideGrants(user, permission);
    }
    const key = `${user}|${permission}`;
    const kept = this.kept.get(key, generation);
    if (kept) {
      return kept;
    }
    const read = this.readWideGrants(user, permission);
    this.kept.set(key, generation, read);
    read.catch(() => this.kept.deleteIf(key, read));
    return read;
  }

  /**
   * The ids of the objects of `model` the caller holds a role on that grants the permission: a plain
   * scan of the caller's assignments (the roles and groups are known), cast to the rows' id type so
   * that the rows' key index finds them. The role
   * endpoints store ids resolved from existing objects of `model`, which always have that type (a
   * guard testing each id's shape would cost more than the whole scan).
   */
  private objectGrants(
    user: number,
    grants: WideGrants,
    model: string,
    idType: 'uuid' | 'integer' = 'uuid',
    params: SqlParams,
  ): string {
    const roles = params.add(grants.roles, 'uuid[]');
    const contentType = params.add(model);
    const assigned = (table: string, holder: string) =>
      `SELECT a.object_id::${idType} FROM ${table} a
        WHERE ${holder} AND a.role_id = ANY(${roles}) AND a.content_type = ${contentType}`;
    const direct = assigned('core_userrole', `a.user_id = ${params.add(user, 'integer')}`);
    return grants.groups.length > 0
      ? `${direct} UNION ALL ${assigned('core_grouprole', `a.group_id = ANY(${params.add(grants.groups, 'integer[]')})`)}`
      : direct;
  }

  private async readWideGrants(user: number, permission: string): Promise<WideGrants> {
    const [row] = await this.sql<WideGrants>(
      `SELECT coalesce(bool_or(g.object_id IS NULL AND g.domain_id IS NULL), false) AS "modelWide",
              coalesce(array_agg(DISTINCT g.domain_id) FILTER (WHERE g.object_id IS NULL AND g.domain_id IS NOT NULL),
                       '{}') AS domains,
              ARRAY(SELECT rp.role_id FROM core_role_permissions rp JOIN auth_permission p ON p.id = rp.permission_id
                     WHERE ${PERMISSION_NAME_SQL} = $3) AS roles,
              ARRAY(SELECT group_id FROM auth_user_groups WHERE user_id = $1) AS groups
         FROM (${grantsSql('$1', '$2')}) g`,
      [user, [permission], permission],
    );
    return row;
  }
}
