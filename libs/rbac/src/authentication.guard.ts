import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BasicAuthenticator } from './basic-authenticator';
import { IS_PUBLIC } from './public.decorator';
import type { User } from './user.entity';

/**
 * The one gate of the API: every route needs an authenticated user unless marked @Public().
 * Permission checks (access policies) will hang off this guard when RBAC lands.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: BasicAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) {
      return true;
    }
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: User }>();
    request.user = await this.authenticator.authenticate(request.headers.authorization);
    return true;
  }
}
