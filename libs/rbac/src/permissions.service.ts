import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database/sql';
import { currentDomainIdSql } from '@pulp/domains';
import {
  grantsSql,
  PERMISSION_MODEL_SQL,
  PERMISSION_NAME_SQL,
  permissionsOnSql,
  type Caller,
  type PermissionTarget,
} from './grants';

/**
 * Answers "does this caller hold this permission" model-wide, on a domain or on an object. A
 * superuser holds every permission. Grants on a domain count only with DOMAIN_ENABLED, as Pulp's
 * has_domain_perms. Conditions of access policies, object-role endpoints and the content app's
 * RBAC guard all ask here.
 */
@Injectable()
export class Permissions {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly settings: PulpSettings,
  ) {}

  /** Held model-wide (a role assigned with neither object nor domain). */
  async hasModel(caller: Caller, permission: string): Promise<boolean> {
    return caller.isSuperuser || (await this.held(caller, permission, 'g.object_id IS NULL AND g.domain_id IS NULL'));
  }

  /** Held on the domain of the request (or task) in progress. */
  async hasDomain(caller: Caller, permission: string): Promise<boolean> {
    if (caller.isSuperuser) {
      return true;
    }
    return this.settings.DOMAIN_ENABLED && this.held(caller, permission, `g.domain_id = ${currentDomainIdSql()}`);
  }

  /** Held on the object itself (an object role). */
  async hasObject(caller: Caller, permission: string, target: PermissionTarget): Promise<boolean> {
    return (
      caller.isSuperuser ||
      (await this.held(caller, permission, 'g.content_type = $3 AND g.object_id = $4', [
        target.contentType,
        target.objectId,
      ]))
    );
  }

  /** Held model-wide, on the object's domain or on the object: what most default policies ask. */
  async has(caller: Caller, permission: string, target?: PermissionTarget): Promise<boolean> {
    if (caller.isSuperuser) {
      return true;
    }
    const where = ['(g.object_id IS NULL AND g.domain_id IS NULL)'];
    const values: unknown[] = [];
    if (target) {
      values.push(target.contentType, target.objectId);
      where.push('(g.content_type = $3 AND g.object_id = $4)');
      if (target.domainId && this.settings.DOMAIN_ENABLED) {
        values.push(target.domainId);
        where.push('g.domain_id = $5::uuid');
      }
    }
    return this.held(caller, permission, where.join(' OR '), values);
  }

  /**
   * The full names of the permissions on the object's model held on the object (model-wide and
   * domain grants included); a superuser holds all of them.
   */
  async on(caller: Caller, target: PermissionTarget): Promise<string[]> {
    const rows = caller.isSuperuser
      ? await this.sql<{ permission: string }>(
          `SELECT ${PERMISSION_NAME_SQL} AS permission FROM auth_permission p WHERE ${PERMISSION_MODEL_SQL} = $1 ORDER BY 1`,
          [target.contentType],
        )
      : await this.sql<{ permission: string }>(permissionsOnSql('$1', '$2', '$3', '$4::uuid'), [
          caller.id,
          target.contentType,
          target.objectId,
          this.settings.DOMAIN_ENABLED ? (target.domainId ?? null) : null,
        ]);
    return rows.map((row) => row.permission);
  }

  private async held(caller: Caller, permission: string, where: string, values: unknown[] = []): Promise<boolean> {
    const [row] = await this.sql<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM (${grantsSql('$1', '$2')}) g WHERE ${where}) AS held`,
      [caller.id, [permission], ...values],
    );
    return row.held;
  }
}
