import { Inject, Injectable, type Type } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { PG_POOL, uniqueViolation, uuid7, type PgPoolLike } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import {
  fieldFilters,
  FilterValueError,
  identityFilters,
  isUuid,
  referencedId,
  relatedFilter,
  RowView,
  type FilterSet,
  type ListQuery,
  type RowSource,
  integerId,
} from '@pulp/rest';
import { OBJECT_REFERENCES, type ObjectReferences } from '../object-references';
import type { RoleAssignmentFields, RoleAssignmentResponse } from './role-assignment.dto';

/** Who roles are given to: users (core_userrole) or groups (core_grouprole). */
export interface AssignmentHolder {
  /** `user` or `group`: the assignment table's `<kind>_id` and Pulp's messages name it. */
  kind: 'user' | 'group';
  /** The holders' endpoint and table: `users`, `auth_user`. */
  endpoint: string;
  table: string;
  /** Model names of Pulp's 404s: `User`, `UserRole`. */
  model: string;
  assignmentModel: string;
}

interface AssignmentRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  holder_id: number;
  role: string;
  description: string | null;
  permissions: string[];
  content_type: string | null;
  object_id: string | null;
  domain_id: string | null;
}

/** Pulp's content types without a domain: a role made only of their permissions cannot be given on a domain. */
const WITHOUT_DOMAIN = [
  'auth.user',
  'auth.group',
  'auth.permission',
  'core.group',
  'core.role',
  'core.domain',
  'core.accesspolicy',
];

const GROUP_HREF = /\/groups\/(\d+)\/$/;

/**
 * `content_object`: an object's href (its uuid, or a group's id, is what assignments keep), or
 * `null` for assignments on no object.
 */
function contentObjectFilter(): FilterSet['filters'][string] {
  return {
    schema: { type: 'string' },
    where: (raw, params) => {
      if (raw === 'null') {
        return 'r.object_id IS NULL';
      }
      const group = integerId(GROUP_HREF.exec(raw.trim())?.[1] ?? '');
      if (group !== undefined) {
        return `(r.content_type = 'core.group' AND r.object_id = ${params.add(group)})`;
      }
      try {
        return `r.object_id = ${params.add(referencedId(raw))}`;
      } catch {
        throw new FilterValueError(`Invalid value for 'content_object': ${raw}.`);
      }
    },
  };
}

/** Pulp's NestedRoleFilter over one holder's assignments, newest first. */
export function assignmentFilters(holder: AssignmentHolder): FilterSet {
  return {
    filters: {
      ...fieldFilters('role', 'ro.name', 'text', ['exact', 'in', 'contains', 'icontains', 'startswith']),
      content_object: contentObjectFilter(),
      domain: relatedFilter(
        { schema: { type: 'string', format: 'uuid' } },
        (id) => `r.domain_id = ${id}`,
        'r.domain_id IS NULL',
      ),
      ...identityFilters('r.pulp_id', `core.${holder.kind}role`),
    },
    ordering: { role: 'ro.name', description: 'ro.description', pk: 'r.pulp_id', pulp_created: 'r.pulp_created' },
    defaultOrder: 'r.pulp_created DESC, r.pulp_id DESC',
  };
}

/** What `role-assignment-endpoints` builds on: the holder's assignments, read and written. */
export abstract class RoleAssignments extends RowView<AssignmentRow, RoleAssignmentResponse> {
  abstract readonly holder: AssignmentHolder;
  abstract readonly filters: FilterSet;

  protected abstract readonly references: ObjectReferences;

  /** A page of one holder's assignments. */
  listOf(holderId: string, list: ListQuery): Promise<{ count: number; results: RoleAssignmentResponse[] }> {
    return this.list({
      ...list,
      where: `(${list.where}) AND r.${this.holder.kind}_id = $${list.values.length + 1}::integer`,
      values: [...list.values, holderId],
    });
  }

  /** One of the holder's assignments, or undefined. */
  async findOf(holderId: string, id: string): Promise<RoleAssignmentResponse | undefined> {
    if (!isUuid(id)) {
      return undefined;
    }
    const { from, columns } = this.source;
    const [row] = await this.sql<AssignmentRow>(
      `SELECT ${columns} FROM ${from} WHERE r.pulp_id = $1::uuid AND r.${this.holder.kind}_id = $2`,
      [id, holderId],
    );
    return row && this.toResponse(row, this.api);
  }

  /** Whether the holder exists. */
  async holderExists(holderId: string): Promise<boolean> {
    return (await this.sql(`SELECT 1 FROM ${this.holder.table} WHERE id = $1`, [holderId])).length > 0;
  }

  async remove(holderId: string, id: string): Promise<boolean> {
    const removed = isUuid(id)
      ? await this.sql(
          `DELETE FROM core_${this.holder.kind}role WHERE pulp_id = $1 AND ${this.holder.kind}_id = $2 RETURNING 1`,
          [id, holderId],
        )
      : [];
    return removed.length > 0;
  }

  /**
   * Gives the role as Pulp's UserRole/GroupRole serializers validate it: every field's own errors
   * first (an unknown role, object or domain), then a missing `content_object`, an object together
   * with a domain, a role without permissions on the object's type (or on any type with domains),
   * the same assignment twice.
   */
  async assign(holderId: string, body: RoleAssignmentFields): Promise<RoleAssignmentResponse> {
    const errors: Record<string, string[]> = {};
    const [role] = await this.sql<{ pulp_id: string; name: string }>(
      'SELECT pulp_id, name FROM core_role WHERE name = $1',
      [body.role],
    );
    if (!role) {
      errors.role = [`Object with name=${body.role} does not exist.`];
    }
    const target = await this.contentObject(body, errors);
    const domain = await this.domain(body.domain, errors);
    if (Object.keys(errors).length > 0) {
      throw new PulpValidationError(errors);
    }
    const refuse = (message: string) => new PulpValidationError({ non_field_errors: [message] });
    if (target === undefined) {
      throw refuse(
        "Either 'content_object' or 'content_object_prn' needs to be specified. Use 'null' for global or domain level access.",
      );
    }
    if (target && domain) {
      throw refuse('Domain and content_object are mutually exclusive.');
    }
    const types = (
      await this.sql<{ type: string }>(
        `SELECT DISTINCT p.app_label || '.' || p.model AS type
           FROM core_role_permissions rp JOIN auth_permission p ON p.id = rp.permission_id WHERE rp.role_id = $1`,
        [role.pulp_id],
      )
    ).map((row) => row.type);
    if (target && !types.includes(target.contentType)) {
      throw refuse(`The role '${role.name}' does not carry any permission for that object.`);
    }
    if (domain && types.every((type) => WITHOUT_DOMAIN.includes(type))) {
      throw refuse(`The role '${role.name}' does not carry any permission on an object with a domain`);
    }
    const duplicate = refuse(`The role is already assigned to this ${this.holder.kind}.`);
    const key = [holderId, role.pulp_id, target?.contentType ?? null, target?.objectId ?? null, domain];
    const table = `core_${this.holder.kind}role`;
    const existing = await this.sql(
      `SELECT 1 FROM ${table} WHERE ${this.holder.kind}_id = $1 AND role_id = $2 AND content_type IS NOT DISTINCT FROM $3
          AND object_id IS NOT DISTINCT FROM $4 AND domain_id IS NOT DISTINCT FROM $5::uuid`,
      key,
    );
    if (existing.length > 0) {
      throw duplicate;
    }
    const id = uuid7();
    await this.sql(
      `INSERT INTO ${table} (pulp_id, ${this.holder.kind}_id, role_id, content_type, object_id, domain_id)
       VALUES ($6, $1, $2, $3, $4, $5)`,
      [...key, id],
    ).catch((error: unknown) => {
      throw uniqueViolation(error) ? duplicate : error;
    });
    return (await this.findOf(holderId, id))!;
  }

  /**
   * The object `content_object` (an href) or `content_object_prn` names: null when the body says
   * null, undefined when it names none; one that does not resolve is the field's error.
   */
  private async contentObject(
    body: RoleAssignmentFields,
    errors: Record<string, string[]>,
  ): Promise<{ contentType: string; objectId: string } | null | undefined> {
    const field = body.content_object_prn !== undefined ? 'content_object_prn' : 'content_object';
    const value = body[field];
    if (value === undefined || value === null) {
      return value;
    }
    const prn = /^prn:([a-z0-9_]+\.[a-z0-9_]+):([^:]+)$/i.exec(value);
    const href = field === 'content_object' ? value : prn ? this.references.hrefOf(prn[1], prn[2]) : undefined;
    const target = href === undefined ? undefined : await this.references.resolve(href);
    if (!target) {
      errors[field] = [`Invalid value: ${value}.`];
      return null;
    }
    return target;
  }

  private async domain(reference: string | null | undefined, errors: Record<string, string[]>): Promise<string | null> {
    if (reference === undefined || reference === null) {
      return null;
    }
    let id: string;
    try {
      id = referencedId(reference);
    } catch {
      errors.domain = ['Invalid hyperlink - No URL match.'];
      return null;
    }
    const [domain] = await this.sql('SELECT 1 FROM core_domain WHERE pulp_id = $1', [id]);
    if (!domain) {
      errors.domain = ['Invalid hyperlink - Object does not exist.'];
      return null;
    }
    return id;
  }

  protected toResponse(row: AssignmentRow, api: string): RoleAssignmentResponse {
    const { content_type: contentType, object_id: objectId } = row;
    return {
      pulp_href: `${api}${this.holder.endpoint}/${row.holder_id}/roles/${row.pulp_id}/`,
      prn: `prn:core.${this.holder.kind}role:${row.pulp_id}`,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      role: row.role,
      content_object: contentType && objectId ? (this.references.hrefOf(contentType, objectId) ?? null) : null,
      content_object_prn: contentType && objectId ? `prn:${contentType}:${objectId}` : null,
      description: row.description,
      permissions: row.permissions,
      domain: row.domain_id ? `${api}domains/${row.domain_id}/` : null,
    };
  }
}

/** The assignments of one kind of holder, as a Nest provider. */
export function roleAssignmentsOf(holder: AssignmentHolder): Type<RoleAssignments> {
  @Injectable()
  class HolderRoleAssignments extends RoleAssignments {
    readonly holder = holder;
    readonly filters = assignmentFilters(holder);
    protected readonly source: RowSource = {
      id: 'r.pulp_id',
      from: `core_${holder.kind}role r JOIN core_role ro ON ro.pulp_id = r.role_id`,
      columns: `r.pulp_id, r.pulp_created, r.pulp_last_updated, r.${holder.kind}_id AS holder_id, r.content_type,
                r.object_id, r.domain_id, ro.name AS role, ro.description,
                ARRAY(SELECT p.app_label || '.' || p.codename
                        FROM core_role_permissions rp JOIN auth_permission p ON p.id = rp.permission_id
                       WHERE rp.role_id = ro.pulp_id ORDER BY p.app_label, p.model, p.codename) AS permissions`,
    };

    constructor(
      @Inject(PG_POOL) pool: PgPoolLike,
      settings: PulpSettings,
      @Inject(OBJECT_REFERENCES) protected readonly references: ObjectReferences,
    ) {
      super(pool, settings);
    }
  }
  return HolderRoleAssignments;
}
