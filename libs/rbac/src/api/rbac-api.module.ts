import { Module, type DynamicModule } from '@nestjs/common';
import type { RbacCatalogue } from '../catalogue/catalogue';
import { RbacCatalogues } from '../catalogue/rbac-catalogues';
import { AccessPoliciesController } from './access-policies.controller';
import { AccessPolicyView } from './access-policy-view';
import { GroupRoleAssignments, GroupRolesController } from './group-roles.controller';
import { GroupUsersController } from './group-users.controller';
import { GroupsController } from './groups.controller';
import { GroupView } from './groups-view';
import { RoleView } from './role-view';
import { RolesController } from './roles.controller';
import { UserRoleAssignments, UserRolesController } from './user-roles.controller';
import { UsersController } from './users.controller';
import { UserView } from './users-view';

/**
 * The RBAC endpoints of pulpcore-api: access policies, roles, users, groups and their members, the
 * roles given to users and groups; `plugins` are the loaded plugins' catalogues. Role assignments
 * name objects through OBJECT_REFERENCES, which libs/core provides.
 */
@Module({})
export class RbacApiModule {
  static forRoot(plugins: readonly RbacCatalogue[]): DynamicModule {
    return {
      module: RbacApiModule,
      controllers: [
        AccessPoliciesController,
        RolesController,
        UsersController,
        GroupsController,
        GroupUsersController,
        UserRolesController,
        GroupRolesController,
      ],
      providers: [
        { provide: RbacCatalogues, useValue: new RbacCatalogues(plugins) },
        AccessPolicyView,
        RoleView,
        UserView,
        GroupView,
        UserRoleAssignments,
        GroupRoleAssignments,
      ],
      exports: [RbacCatalogues],
    };
  }
}
