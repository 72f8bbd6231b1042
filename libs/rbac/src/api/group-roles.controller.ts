import { GroupRoleFields, GroupRoleResponse } from './role-assignment.dto';
import { roleAssignmentEndpoints } from './role-assignment-endpoints';

/** `groups/<id>/roles/`. */
export const { controller: GroupRolesController, provider: GroupRoleAssignments } = roleAssignmentEndpoints({
  holder: { kind: 'group', endpoint: 'groups', table: 'auth_group', model: 'Group', assignmentModel: 'GroupRole' },
  operationPrefix: 'groups_roles',
  tag: 'Groups: Roles',
  holderPlaceholder: 'group_href',
  placeholder: 'groups_group_role_href',
  request: GroupRoleFields,
  response: GroupRoleResponse,
});
