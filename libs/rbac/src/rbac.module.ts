import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessPolicyCheck } from './access-policy-check';
import { AuthenticationGuard } from './authentication.guard';
import { BasicAuthenticator } from './basic-authenticator';
import { ObjectRoles } from './object-roles/object-roles.service';
import { Permissions } from './permissions.service';

/**
 * Authentication (and, later, authorization) of API requests; refuses to boot with an unnamed
 * controller. Global: the role endpoints of every module's controllers inject ObjectRoles.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    BasicAuthenticator,
    Permissions,
    ObjectRoles,
    AccessPolicyCheck,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [BasicAuthenticator, Permissions, ObjectRoles],
})
export class RbacModule {}
