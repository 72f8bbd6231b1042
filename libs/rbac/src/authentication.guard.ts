import { Injectable, Logger, type CanActivate, type ExecutionContext, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationError, PulpError } from '@pulp/errors';
import { accessTarget, type AccessTarget } from './access-policy';
import { routedHandler } from './access-policy-check';
import { Authentication, type CredentialsRequest } from './authentication';
import { requestAccess } from './caller-context';
import { ANONYMOUS, callerOf } from './grants';
import { PolicyEngine } from './policy/policy-engine';
import type { RouteRequest } from './policy/route-objects';
import { IS_PUBLIC } from './public.decorator';
import type { Session } from './sessions';
import type { User } from './user.entity';

const notAuthenticated = () => new AuthenticationError('Authentication credentials were not provided.');

function orNotAuthenticated(user: User | null): User {
  if (!user) {
    throw notAuthenticated();
  }
  return user;
}

/** A request past the guard: who asks, and what the access policy will be asked (null: exempt). */
export interface GuardedRequest extends CredentialsRequest, RouteRequest {
  user?: User;
  /** The login session the request came with (its cookie), when that is how it authenticated. */
  session?: Session;
  accessPolicy?: AccessTarget | null;
}

/**
 * The one gate of the API: every route needs an authenticated user unless marked @Public(), and
 * the access policy of its viewset must allow the request (PolicyEngine: 403, or 404 for an object
 * the caller cannot see). It puts the route's access target (`{ viewset, action }`) on the request
 * and logs it at DEBUG, and fills the request's caller context: who asks, and whether what the
 * request reads is scoped to them.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly logger = new Logger('AccessPolicy');
  private readonly targets = new WeakMap<object, AccessTarget | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: Authentication,
    private readonly engine: PolicyEngine,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) {
      return true;
    }
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const { user, session } = await this.authentication.authenticate(request);
    request.accessPolicy = this.target(context);
    if (!request.accessPolicy) {
      // An exempt route (login…) is about its caller: it has to have one.
      request.user = orNotAuthenticated(user);
      request.session = session;
      return true;
    }
    const { viewset, action } = request.accessPolicy;
    this.logger.debug(`${user?.username ?? '(anonymous)'}: viewset ${viewset}, action ${action}`);
    const caller = user ? callerOf(user) : ANONYMOUS;
    const access = requestAccess();
    if (access) {
      access.caller = caller;
    }
    // DRF: a refused request without credentials is told to authenticate, whatever refused it.
    const { scoped } = await this.engine.authorize(user, request.accessPolicy, request).catch((error: unknown) => {
      throw user || !(error instanceof PulpError) ? error : notAuthenticated();
    });
    if (access) {
      access.scoped = scoped;
    }
    if (user) {
      request.user = user;
      request.session = session;
    }
    return true;
  }

  /** The boot check has vetted every route, so this never throws; worked out once per handler. */
  private target(context: ExecutionContext): AccessTarget | null {
    const handler = context.getHandler();
    let target = this.targets.get(handler);
    if (target === undefined) {
      target = accessTarget(routedHandler(this.reflector, context.getClass<Type<unknown>>(), handler));
      this.targets.set(handler, target);
    }
    return target;
  }
}
