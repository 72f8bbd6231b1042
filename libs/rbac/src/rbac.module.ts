import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessPolicyCheck } from './access-policy-check';
import { Authentication } from './authentication';
import { AuthenticationGuard } from './authentication.guard';
import { BasicAuthenticator } from './basic-authenticator';
import { AccessPolicies } from './catalogue/access-policies.service';
import { Permissions } from './permissions.service';
import { ProxyAuthenticator } from './proxy-authenticator';
import { Sessions } from './sessions';

/** Authentication (and, later, authorization) of API requests; refuses to boot with an unnamed controller. */
@Module({
  imports: [DiscoveryModule],
  providers: [
    BasicAuthenticator,
    Sessions,
    ProxyAuthenticator,
    Authentication,
    Permissions,
    AccessPolicies,
    AccessPolicyCheck,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [BasicAuthenticator, Sessions, Permissions, AccessPolicies],
})
export class RbacModule {}
