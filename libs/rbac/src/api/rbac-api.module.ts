import { Module } from '@nestjs/common';
import { GroupRoleAssignments, GroupRolesController } from './group-roles.controller';
import { GroupUsersController } from './group-users.controller';
import { GroupsController } from './groups.controller';
import { GroupView } from './groups-view';
import { UserRoleAssignments, UserRolesController } from './user-roles.controller';
import { UsersController } from './users.controller';
import { UserView } from './users-view';

/**
 * The RBAC endpoints of pulpcore-api: users, groups and their members, the roles given to users and
 * groups. Role assignments name objects through OBJECT_REFERENCES, which libs/core provides.
 */
@Module({
  controllers: [UsersController, GroupsController, GroupUsersController, UserRolesController, GroupRolesController],
  providers: [UserView, GroupView, UserRoleAssignments, GroupRoleAssignments],
})
export class RbacApiModule {}
