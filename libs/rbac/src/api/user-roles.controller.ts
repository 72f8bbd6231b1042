import { UserRoleFields, UserRoleResponse } from './role-assignment.dto';
import { roleAssignmentEndpoints } from './role-assignment-endpoints';

/** `users/<id>/roles/`. */
export const { controller: UserRolesController, provider: UserRoleAssignments } = roleAssignmentEndpoints({
  holder: { kind: 'user', endpoint: 'users', table: 'auth_user', model: 'User', assignmentModel: 'UserRole' },
  operationPrefix: 'users_roles',
  tag: 'Users: Roles',
  holderPlaceholder: 'auth_user_href',
  placeholder: 'auth_users_user_role_href',
  request: UserRoleFields,
  response: UserRoleResponse,
});
