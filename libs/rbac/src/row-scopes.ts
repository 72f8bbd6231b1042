import { Inject, Injectable, Optional } from '@nestjs/common';
import { SQL, type Sql } from '@pulp/database/sql';
import type { ObjectScope, RowScope, RowScopes, SqlParams } from '@pulp/rest';
import { requestAccess, type RequestAccess } from './caller-context';
import { grantsSql } from './grants';
import { OBJECT_REFERENCES, viewPermission, type ObjectReferences } from './object-references';

/** A permission's grants to the caller that are not on single objects: what decides a scope's shape. */
interface WideGrants {
  modelWide: boolean;
  domains: string[];
  /** Whether any object holds a grant of it: else no subquery is needed. */
  onObjects: boolean;
}

/**
 * Pulp's queryset scoping in SQL, for the caller of the request in context (none outside requests,
 * for superusers, and under policies without `queryset_scoping`: no condition). A row is seen by
 * holding its model's view permission model-wide (no condition at all), on its domain, or on the
 * row itself (a subquery of the caller's object grants); derived scopes see rows through others.
 * The wide grants are read once per request and permission.
 */
@Injectable()
export class CallerRowScopes implements RowScopes {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Optional() @Inject(OBJECT_REFERENCES) private readonly references?: ObjectReferences,
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
    const parts: string[] = [];
    let everything = models.length > 0;
    for (const [type, model] of models) {
      const condition = await this.ofModel(access, scope, model, params);
      everything &&= condition === undefined;
      if (condition !== 'FALSE') {
        parts.push(`(${typeColumn} = ${params.add(type)}${condition === undefined ? '' : ` AND ${condition}`})`);
      }
    }
    // Every type seen model-wide: no condition at all.
    if (everything) {
      return undefined;
    }
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
    if (grants.domains.length > 0) {
      parts.push(`${scope.domain} = ANY(${params.add(grants.domains, 'uuid[]')})`);
    }
    if (grants.onObjects) {
      const user = params.add(access.caller!.id, 'integer');
      const permissions = params.add([permission], 'text[]');
      // Compared as text: object_id holds integers for users and groups, so it is no uuid column.
      parts.push(
        `${scope.id}::text IN (SELECT g.object_id FROM (${grantsSql(user, permissions)}) g
                                WHERE g.content_type = ${params.add(model)} AND g.object_id IS NOT NULL)`,
      );
    }
    return parts.length > 0 ? `(${parts.join(' OR ')})` : 'FALSE';
  }

  private wideGrants(access: RequestAccess, permission: string): Promise<WideGrants> {
    let grants = access.grants.get(permission) as Promise<WideGrants> | undefined;
    if (!grants) {
      grants = this.readWideGrants(access.caller!.id, permission);
      access.grants.set(permission, grants);
    }
    return grants;
  }

  private async readWideGrants(user: number, permission: string): Promise<WideGrants> {
    const [row] = await this.sql<WideGrants>(
      `SELECT coalesce(bool_or(g.object_id IS NULL AND g.domain_id IS NULL), false) AS "modelWide",
              coalesce(array_agg(DISTINCT g.domain_id) FILTER (WHERE g.object_id IS NULL AND g.domain_id IS NOT NULL),
                       '{}') AS domains,
              coalesce(bool_or(g.object_id IS NOT NULL), false) AS "onObjects"
         FROM (${grantsSql('$1', '$2')}) g`,
      [user, [permission]],
    );
    return row;
  }
}
