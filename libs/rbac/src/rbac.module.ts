import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ROW_SCOPES } from '@pulp/rest';
import { AccessPolicyCheck } from './access-policy-check';
import { AuthenticationGuard } from './authentication.guard';
import { BasicAuthenticator } from './basic-authenticator';
import { Permissions } from './permissions.service';
import { PolicyEngine } from './policy/policy-engine';
import { POLICY_SOURCE, StoredPolicies } from './policy/policy-source';
import { CallerRowScopes } from './row-scopes';

/**
 * Authentication and authorization of API requests; refuses to boot with an unnamed controller.
 * Global: every RowView of the API scopes its rows through ROW_SCOPES.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    BasicAuthenticator,
    Permissions,
    AccessPolicyCheck,
    PolicyEngine,
    { provide: POLICY_SOURCE, useClass: StoredPolicies },
    { provide: ROW_SCOPES, useClass: CallerRowScopes },
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [BasicAuthenticator, Permissions, ROW_SCOPES],
})
export class RbacModule {}
