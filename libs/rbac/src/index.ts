export { ADMIN_USERNAME, adminExists, setAdminPassword } from './admin-user';
export { AccessPolicyError, accessTarget, checkAccessPolicies, deriveAction, type AccessTarget } from './access-policy';
export { ACCESS_ACTION, ACCESS_POLICY, AccessAction, AccessPolicy, NoAccessPolicy } from './access-policy.decorator';
export { AuthenticationGuard, type GuardedRequest } from './authentication.guard';
export { BasicAuthenticator } from './basic-authenticator';
export { hashPassword, randomPassword, verifyPassword } from './password-hasher';
export { authenticationSchemes } from './authentication-schemes';
export { parseCookies, serializeCookie } from './cookies';
export { CSRF_COOKIE, formTokenMatches, newCsrfSecret } from './csrf';
export { SESSION_COOKIE, sessionCookies, Sessions, type Session } from './sessions';
export { Authentication } from './authentication';
export { IS_PUBLIC, Public, PUBLIC_OPERATION_EXTENSION } from './public.decorator';
export { RbacModule } from './rbac.module';
export { RbacDecisionsModule } from './rbac-decisions.module';
export { PolicyEngine } from './policy/policy-engine';
export type { RouteRequest } from './policy/route-objects';
export { User } from './user.entity';
export { grantsSql, PERMISSION_NAME_SQL, permissionsOnSql, type Caller, type PermissionTarget } from './grants';
export { Permissions } from './permissions.service';
export {
  ADMIN_ONLY_POLICY,
  permissionRows,
  type AccessPolicyDefinition,
  type LockedRole,
  type ModelPermissions,
  type PermissionRow,
  type PolicyFunction,
  type PolicyStatement,
  type RbacCatalogue,
  type ViewsetAccess,
} from './catalogue/catalogue';
export { CORE_CATALOGUE } from './catalogue/core-catalogue';
export { canonicalJson } from './catalogue/catalogue-sync';
export { AccessPolicies } from './catalogue/access-policies.service';
export { RbacCatalogues } from './catalogue/rbac-catalogues';
export { syncCatalogues } from './catalogue/sync-catalogues';
export { RbacApiModule } from './api/rbac-api.module';
export { ObjectRoles } from './object-roles/object-roles.service';
export {
  MyPermissionsResponse,
  NestedRoleDto,
  NestedRoleResponse,
  ObjectRolesResponse,
} from './object-roles/object-roles.dto';
export {
  RoleEndpoints,
  type RoleEndpointsOptions,
  type RoleHolder,
  type WithObjectRoles,
} from './object-roles/role-endpoints';
export { OBJECT_REFERENCES, viewPermission, type ObjectReferences } from './object-references';
export { createdObject, creationHooksSql, runCreationHooks, type CreatedObject } from './creation-hooks';
export { Creator } from './creator.decorator';
export { GroupResponse, GroupUserResponse } from './api/groups.dto';
export { groupHolder, userHolder } from './holders';
export { installCallerContext, requestAccess, type RequestAccess } from './caller-context';
export { isAllowed } from './policy/statements';
