import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessPolicyCheck } from './access-policy-check';
import { AuthenticationGuard } from './authentication.guard';
import { BasicAuthenticator } from './basic-authenticator';
import { AccessPolicies } from './catalogue/access-policies.service';
import { Permissions } from './permissions.service';

/** Authentication (and, later, authorization) of API requests; refuses to boot with an unnamed controller. */
@Module({
  imports: [DiscoveryModule],
  providers: [
    BasicAuthenticator,
    Permissions,
    AccessPolicies,
    AccessPolicyCheck,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [BasicAuthenticator, Permissions, AccessPolicies],
})
export class RbacModule {}
