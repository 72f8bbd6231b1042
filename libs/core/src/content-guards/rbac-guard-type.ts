import { Injectable } from '@nestjs/common';
import { PulpSettings, resourceApiPath } from '@pulp/config';
import type { Sql } from '@pulp/database';
import { AuthenticationError, PulpError, ThrottledError } from '@pulp/errors';
import {
  Authentication,
  PolicyEngine,
  type AccessTarget,
  type PermissionTarget,
  type RouteRequest,
  type User,
} from '@pulp/rbac';
import { ContentGuardType, type ContentGuardTypeLoader } from './content-guard-type';
import { refusingGuard, type GuardRequest, type LoadedGuard } from './guard-check';

/** The permission the default policy asks of a downloader. */
export const DOWNLOAD_PERMISSION = 'core.download_rbaccontentguard';

/** Pulp's refusals of the RBAC guard: DRF's, as the content app's 403 carries them. */
export const RBAC_NOT_AUTHENTICATED = 'Authentication credentials were not provided.';
export const RBAC_FORBIDDEN = 'You do not have permission to perform this action.';

const DOWNLOAD: AccessTarget = { viewset: 'contentguards/core/rbac', action: 'download' };

/** What the policy engine throws when it refuses a request. */
const REFUSALS = new Set<PulpError['kind']>(['unauthenticated', 'forbidden', 'not-found']);

/**
 * `core.rbac`: the request is judged by the access policy of contentguards/core/rbac, action
 * `download`, as the API judges its requests (by default: a user holding DOWNLOAD_PERMISSION on the
 * guard, its domain or model-wide; a superuser). Its user is found as the API finds it (Basic, the
 * session cookie, the proxy's headers); as in Pulp's content app, credentials that do not
 * authenticate leave the request anonymous, and every refusal is a 403. Asked on every request
 * (roles and the policy change without the guard changing).
 */
@Injectable()
@ContentGuardType('core.rbac')
export class RbacGuardType implements ContentGuardTypeLoader {
  constructor(
    private readonly authentication: Authentication,
    private readonly engine: PolicyEngine,
    private readonly settings: PulpSettings,
  ) {}

  async load(sql: Sql, guardId: string): Promise<LoadedGuard> {
    const [guard] = await sql<{ pulp_domain_id: string; domain: string }>(
      `SELECT g.pulp_domain_id, d.name AS domain
         FROM core_contentguard g JOIN core_domain d ON d.pulp_id = g.pulp_domain_id WHERE g.pulp_id = $1`,
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
    // The guard's own API route, as a policy's conditions would see a request for it.
    const route: RouteRequest = {
      method: 'GET',
      url: `${resourceApiPath(this.settings, guard.domain)}contentguards/core/rbac/${guardId}/`,
      params: { pulp_id: guardId },
    };
    return { denial: (request) => this.denial(request, route, target) };
  }

  private async denial(request: GuardRequest, route: RouteRequest, target: PermissionTarget) {
    const user = await this.user(request);
    try {
      // Pulp's guard hands itself to the view as its object: no lookup, no scoping by view permission.
      await this.engine.authorize(user, DOWNLOAD, route, target);
      return undefined;
    } catch (error) {
      if (error instanceof PulpError && REFUSALS.has(error.kind)) {
        return user ? RBAC_FORBIDDEN : RBAC_NOT_AUTHENTICATED;
      }
      throw error;
    }
  }

  /** Pulp's content app takes failed (or throttled) credentials for none at all. */
  private async user(request: GuardRequest): Promise<User | null> {
    try {
      return (await this.authentication.authenticate({ ...request, ip: request.ip ?? '' })).user;
    } catch (error) {
      if (error instanceof AuthenticationError || error instanceof ThrottledError) {
        return null;
      }
      throw error;
    }
  }
}
