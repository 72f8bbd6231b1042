import { Inject, Injectable } from '@nestjs/common';
import { inTransaction, PG_POOL, SQL, uuid7, type PgPoolLike, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { PERMISSION_MODEL_SQL, type Caller, type PermissionTarget } from '../grants';
import { Permissions } from '../permissions.service';
import type { NestedRoleDto, NestedRoleResponse } from './object-roles.dto';

/** A holder kind of role assignments: its table, the holders' table and the column naming them. */
const HOLDERS = {
  users: { assignments: 'core_userrole', key: 'user_id', table: 'auth_user', name: 'username', noun: 'user' },
  groups: { assignments: 'core_grouprole', key: 'group_id', table: 'auth_group', name: 'name', noun: 'group' },
} as const;

type HolderKind = keyof typeof HOLDERS;

/** A request's add_role/remove_role, its names resolved. */
interface Resolved {
  role: { id: string; name: string };
  holders: Record<HolderKind, Array<{ id: number; name: string }>>;
}

/**
 * Object roles (Pulp's RolesMixin): roles assigned on one object to users and groups
 * (core_userrole/core_grouprole with the object's content type and id), listed, added and removed,
 * and the permissions a caller holds on the object.
 */
@Injectable()
export class ObjectRoles {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(PG_POOL) private readonly pool: PgPoolLike,
    private readonly permissions: Permissions,
  ) {}

  /** The reference of an object of `table` (its domain read there); no table: an object outside domains. */
  async target(contentType: string, objectId: string, table?: string): Promise<PermissionTarget> {
    if (!table) {
      return { contentType, objectId };
    }
    const [row] = await this.sql<{ domain: string }>(
      `SELECT pulp_domain_id AS domain FROM ${table} WHERE pulp_id = $1::uuid`,
      [objectId],
    );
    return { contentType, objectId, domainId: row?.domain ?? null };
  }

  /** Every role assigned on the object, with the users and groups holding it there. */
  async list(target: PermissionTarget): Promise<NestedRoleResponse[]> {
    const rows = await this.sql<{ role: string; kind: HolderKind; holder: string }>(
      (['users', 'groups'] as const)
        .map(
          (kind) =>
            `SELECT r.name AS role, '${kind}' AS kind, h.${HOLDERS[kind].name} AS holder
               FROM ${HOLDERS[kind].assignments} a
               JOIN core_role r ON r.pulp_id = a.role_id
               JOIN ${HOLDERS[kind].table} h ON h.id = a.${HOLDERS[kind].key}
              WHERE a.content_type = $1 AND a.object_id = $2`,
        )
        .join(' UNION ALL ') + ' ORDER BY role, kind DESC, holder',
      [target.contentType, target.objectId],
    );
    const roles = new Map<string, NestedRoleResponse>();
    for (const { role, kind, holder } of rows) {
      let entry = roles.get(role);
      if (!entry) {
        entry = { role, users: [], groups: [] };
        roles.set(role, entry);
      }
      entry[kind].push(holder);
    }
    return [...roles.values()];
  }

  /** Assigns the role on the object to the users and groups; 400 when one holds it there already. */
  async add(target: PermissionTarget, body: NestedRoleDto): Promise<NestedRoleResponse> {
    const resolved = await this.resolve(target, body);
    await inTransaction(this.pool, async (sql) => {
      for (const kind of ['users', 'groups'] as const) {
        const held = await this.assigned(sql, target, resolved, kind);
        const already = resolved.holders[kind].find((holder) => held.has(holder.id));
        if (already) {
          throw new PulpValidationError({
            non_field_errors: [`The role is already assigned to ${HOLDERS[kind].noun} '${already.name}'.`],
          });
        }
      }
      for (const kind of ['users', 'groups'] as const) {
        const { assignments, key } = HOLDERS[kind];
        const ids = resolved.holders[kind].map((holder) => holder.id);
        // A concurrent identical assignment is the same assignment: the unique key keeps one.
        await sql(
          `INSERT INTO ${assignments} (pulp_id, ${key}, role_id, content_type, object_id)
           SELECT ids.pulp_id, ids.holder, $3::uuid, $4, $5
             FROM unnest($1::uuid[], $2::int[]) AS ids(pulp_id, holder)
           ON CONFLICT DO NOTHING`,
          [ids.map(() => uuid7()), ids, resolved.role.id, target.contentType, target.objectId],
        );
      }
    });
    return this.echo(resolved);
  }

  /** Takes the role on the object from the users and groups; 400 when one does not hold it there. */
  async remove(target: PermissionTarget, body: NestedRoleDto): Promise<NestedRoleResponse> {
    const resolved = await this.resolve(target, body);
    await inTransaction(this.pool, async (sql) => {
      for (const kind of ['users', 'groups'] as const) {
        const held = await this.assigned(sql, target, resolved, kind);
        const missing = resolved.holders[kind].find((holder) => !held.has(holder.id));
        if (missing) {
          throw new PulpValidationError({
            non_field_errors: [`The role is not assigned to ${HOLDERS[kind].noun} '${missing.name}'.`],
          });
        }
      }
      for (const kind of ['users', 'groups'] as const) {
        const { assignments, key } = HOLDERS[kind];
        await sql(
          `DELETE FROM ${assignments}
            WHERE ${key} = ANY($1::int[]) AND role_id = $2::uuid AND content_type = $3 AND object_id = $4`,
          [resolved.holders[kind].map((holder) => holder.id), resolved.role.id, target.contentType, target.objectId],
        );
      }
    });
    return this.echo(resolved);
  }

  /**
   * The permissions on the object's model the caller holds on it: model-wide, on its domain or
   * on the object itself (a superuser: all of them).
   */
  myPermissions(caller: Caller, target: PermissionTarget): Promise<string[]> {
    return this.permissions.on(caller, target);
  }

  /**
   * The role and holders a body names, as DRF's serializer checks them: every unknown name is a
   * field error; then the role must carry a permission on the object's model.
   */
  private async resolve(target: PermissionTarget, body: NestedRoleDto): Promise<Resolved> {
    const errors: Record<string, string[]> = {};
    const [role] = await this.sql<{ id: string; name: string; fits: boolean }>(
      `SELECT r.pulp_id AS id, r.name,
              EXISTS (SELECT 1 FROM core_role_permissions rp JOIN auth_permission p ON p.id = rp.permission_id
                       WHERE rp.role_id = r.pulp_id AND ${PERMISSION_MODEL_SQL} = $2) AS fits
         FROM core_role r WHERE r.name = $1`,
      [body.role, target.contentType],
    );
    if (!role) {
      errors.role = [`Object with name=${body.role} does not exist.`];
    }
    const holders = { users: [], groups: [] } as Resolved['holders'];
    for (const kind of ['users', 'groups'] as const) {
      const { found, problems } = await this.holders(kind, body[kind] ?? []);
      holders[kind] = found;
      if (problems.length > 0) {
        errors[kind] = problems;
      }
    }
    if (Object.keys(errors).length > 0) {
      throw new PulpValidationError(errors);
    }
    if (!role.fits) {
      throw new PulpValidationError({
        non_field_errors: ['The role does not contain any permission for that object.'],
      });
    }
    return { role, holders };
  }

  /** The users (by username) or groups (by name) named, and what is wrong with the names that find none. */
  private async holders(
    kind: HolderKind,
    names: unknown[],
  ): Promise<{ found: Array<{ id: number; name: string }>; problems: string[] }> {
    const { table, name } = HOLDERS[kind];
    const problems: string[] = [];
    const wanted = new Set<string>();
    for (const value of names) {
      if (value === null || value === '') {
        problems.push('This field may not be null.');
      } else if (typeof value !== 'string' && typeof value !== 'number') {
        problems.push('Invalid value.');
      } else {
        wanted.add(String(value));
      }
    }
    const rows = await this.sql<{ id: number; name: string }>(
      `SELECT id, ${name} AS name FROM ${table} WHERE ${name} = ANY($1::text[])`,
      [[...wanted]],
    );
    const byName = new Map(rows.map((row) => [row.name, row]));
    for (const each of wanted) {
      if (!byName.has(each)) {
        problems.push(`Object with ${name}=${each} does not exist.`);
      }
    }
    return { found: [...wanted].flatMap((each) => byName.get(each) ?? []), problems };
  }

  /** The ids of the holders of this kind that hold the role on the object. */
  private async assigned(
    sql: Sql,
    target: PermissionTarget,
    resolved: Resolved,
    kind: HolderKind,
  ): Promise<Set<number>> {
    const { assignments, key } = HOLDERS[kind];
    const rows = await sql<{ holder: number }>(
      `SELECT ${key} AS holder FROM ${assignments}
        WHERE role_id = $1::uuid AND content_type = $2 AND object_id = $3 AND ${key} = ANY($4::int[])`,
      [resolved.role.id, target.contentType, target.objectId, resolved.holders[kind].map((holder) => holder.id)],
    );
    return new Set(rows.map((row) => row.holder));
  }

  private echo({ role, holders }: Resolved): NestedRoleResponse {
    return {
      role: role.name,
      users: holders.users.map((holder) => holder.name),
      groups: holders.groups.map((holder) => holder.name),
    };
  }
}
