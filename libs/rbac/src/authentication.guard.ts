import { Injectable, Logger, type CanActivate, type ExecutionContext, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { accessTarget, type AccessTarget } from './access-policy';
import { routedHandler } from './access-policy-check';
import { Authentication, type CredentialsRequest } from './authentication';
import { IS_PUBLIC } from './public.decorator';
import type { Session } from './sessions';
import type { User } from './user.entity';

/** A request past the guard: who asks, and what the access policy will be asked (null: exempt). */
export interface GuardedRequest extends CredentialsRequest {
  user?: User;
  /** The login session the request came with (its cookie), when that is how it authenticated. */
  session?: Session;
  accessPolicy?: AccessTarget | null;
}

/**
 * The one gate of the API: every route needs an authenticated user unless marked @Public().
 * It puts the route's access target (`{ viewset, action }`) on the request, and logs it at DEBUG;
 * RBAC will evaluate it here. Today any authenticated user passes.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly logger = new Logger('AccessPolicy');
  private readonly targets = new WeakMap<object, AccessTarget | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: Authentication,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) {
      return true;
    }
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    ({ user: request.user, session: request.session } = await this.authentication.authenticate(request));
    request.accessPolicy = this.target(context);
    if (request.accessPolicy) {
      const { viewset, action } = request.accessPolicy;
      this.logger.debug(`${request.user.username}: viewset ${viewset}, action ${action}`);
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
