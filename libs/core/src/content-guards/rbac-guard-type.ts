import { Injectable } from '@nestjs/common';
import type { Sql } from '@pulp/database';
import { AuthenticationError, ThrottledError } from '@pulp/errors';
import { BasicAuthenticator, Permissions, type PermissionTarget, type User } from '@pulp/rbac';
import { ContentGuardType, type ContentGuardTypeLoader } from './content-guard-type';
import { headerValue, refusingGuard, type GuardRequest, type LoadedGuard } from './guard-check';

/** The permission an RBAC guard asks of a downloader. */
export const DOWNLOAD_PERMISSION = 'core.download_rbaccontentguard';

/** Pulp's refusals of the RBAC guard: DRF's, as the content app's 403 carries them. */
export const RBAC_NOT_AUTHENTICATED = 'Authentication credentials were not provided.';
export const RBAC_FORBIDDEN = 'You do not have permission to perform this action.';

/**
 * `core.rbac`: the request's HTTP basic credentials must name an active user holding
 * core.download_rbaccontentguard on the guard, its domain or model-wide (a superuser holds it).
 * As in Pulp's content app, credentials that do not authenticate leave the request anonymous.
 * Asked on every request (roles change without the guard changing).
 */
@Injectable()
@ContentGuardType('core.rbac')
export class RbacGuardType implements ContentGuardTypeLoader {
  constructor(
    private readonly authenticator: BasicAuthenticator,
    private readonly permissions: Permissions,
  ) {}

  async load(sql: Sql, guardId: string): Promise<LoadedGuard> {
    const [guard] = await sql<{ pulp_domain_id: string }>(
      'SELECT pulp_domain_id FROM core_contentguard WHERE pulp_id = $1',
      [guardId],
    );
    if (!guard) {
      return refusingGuard(`Content guard ${guardId} does not exist.`);
    }
    const target: PermissionTarget = {
      contentType: 'core.rbaccontentguard',
      objectId: guardId,
      domainId: guard.pulp_domain_id,
    };
    return { denial: (request) => this.denial(request, target) };
  }

  private async denial(request: GuardRequest, target: PermissionTarget): Promise<string | undefined> {
    const user = await this.user(request);
    if (!user) {
      return RBAC_NOT_AUTHENTICATED;
    }
    return (await this.permissions.has(user, DOWNLOAD_PERMISSION, target)) ? undefined : RBAC_FORBIDDEN;
  }

  /** Pulp's content app takes failed (or throttled) credentials for none at all. */
  private async user(request: GuardRequest): Promise<User | undefined> {
    try {
      return (
        (await this.authenticator.authenticate(headerValue(request, 'authorization'), request.ip ?? '')) ?? undefined
      );
    } catch (error) {
      if (error instanceof AuthenticationError || error instanceof ThrottledError) {
        return undefined;
      }
      throw error;
    }
  }
}
