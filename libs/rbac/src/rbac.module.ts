import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ROW_SCOPES } from '@pulp/rest';
import { AccessPolicyCheck } from './access-policy-check';
import { Authentication } from './authentication';
import { AuthenticationGuard } from './authentication.guard';
import { BasicAuthenticator } from './basic-authenticator';
import { AccessPolicies } from './catalogue/access-policies.service';
import { ObjectRoles } from './object-roles/object-roles.service';
import { Permissions } from './permissions.service';
import { ProxyAuthenticator } from './proxy-authenticator';
import { PolicyEngine } from './policy/policy-engine';
import { CallerRowScopes } from './row-scopes';
import { Sessions } from './sessions';

/**
 * Authentication and authorization of API requests; refuses to boot with an unnamed controller.
 * Global: every RowView of the API scopes its rows through ROW_SCOPES, and the role endpoints of
 * every module's controllers inject ObjectRoles.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    BasicAuthenticator,
    Sessions,
    ProxyAuthenticator,
    Authentication,
    Permissions,
    AccessPolicies,
    ObjectRoles,
    AccessPolicyCheck,
    PolicyEngine,
    { provide: ROW_SCOPES, useClass: CallerRowScopes },
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [BasicAuthenticator, Sessions, Permissions, AccessPolicies, ObjectRoles, ROW_SCOPES],
})
export class RbacModule {}
