export { ADMIN_USERNAME, adminExists, setAdminPassword } from './admin-user';
export { AuthenticationGuard } from './authentication.guard';
export { BasicAuthenticator } from './basic-authenticator';
export { hashPassword, randomPassword, verifyPassword } from './password-hasher';
export { IS_PUBLIC, Public, PUBLIC_OPERATION_EXTENSION } from './public.decorator';
export { RbacModule } from './rbac.module';
export { User } from './user.entity';
