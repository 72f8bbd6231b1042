export { ADMIN_USERNAME, adminExists, setAdminPassword } from './admin-user';
export { AccessPolicyError, accessTarget, checkAccessPolicies, deriveAction, type AccessTarget } from './access-policy';
export { ACCESS_ACTION, ACCESS_POLICY, AccessAction, AccessPolicy, NoAccessPolicy } from './access-policy.decorator';
export { AuthenticationGuard, type GuardedRequest } from './authentication.guard';
export { BasicAuthenticator } from './basic-authenticator';
export { hashPassword, randomPassword, verifyPassword } from './password-hasher';
export { IS_PUBLIC, Public, PUBLIC_OPERATION_EXTENSION } from './public.decorator';
export { RbacModule } from './rbac.module';
export { User } from './user.entity';
export {
  grantsSql,
  PERMISSION_NAME_SQL,
  permissionParts,
  permissionsOnSql,
  type Caller,
  type PermissionTarget,
} from './grants';
export { Permissions } from './permissions.service';
export { currentCaller, installCallerContext, requestAccess, type RequestAccess } from './caller-context';
export { OBJECT_REFERENCES, viewPermission, type ObjectReferences } from './object-references';
export { POLICY_SOURCE, type PolicySource, type ViewsetPolicy } from './policy/policy-source';
export { isAllowed, type PolicyStatement } from './policy/statements';
