import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ROW_SCOPES } from '@pulp/rest';
import { AccessPolicyCheck } from './access-policy-check';
import { AuthenticationGuard } from './authentication.guard';
import { ObjectRoles } from './object-roles/object-roles.service';
import { RbacDecisionsModule } from './rbac-decisions.module';
import { CallerRowScopes } from './row-scopes';

/**
 * Authentication and authorization of API requests; refuses to boot with an unnamed controller.
 * Global: every RowView of the API scopes its rows through ROW_SCOPES, and the role endpoints of
 * every module's controllers inject ObjectRoles.
 */
@Global()
@Module({
  imports: [DiscoveryModule, RbacDecisionsModule],
  providers: [
    ObjectRoles,
    AccessPolicyCheck,
    { provide: ROW_SCOPES, useClass: CallerRowScopes },
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [RbacDecisionsModule, ObjectRoles, ROW_SCOPES],
})
export class RbacModule {}
