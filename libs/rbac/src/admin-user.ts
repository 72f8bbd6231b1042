import type { DataSource } from 'typeorm';
import { hashPassword } from './password-hasher';
import { User } from './user.entity';

export const ADMIN_USERNAME = 'admin';

/** Sets the password of `admin` (a superuser), creating the user when missing. */
export async function setAdminPassword(dataSource: DataSource, password: string): Promise<User> {
  if (password === '') {
    throw new Error('The password must not be empty.');
  }
  const users = dataSource.getRepository(User);
  const admin = (await users.findOneBy({ username: ADMIN_USERNAME })) ?? users.create({ username: ADMIN_USERNAME });
  Object.assign(admin, { password: await hashPassword(password), isSuperuser: true, isStaff: true, isActive: true });
  return users.save(admin);
}

export async function adminExists(dataSource: DataSource): Promise<boolean> {
  return dataSource.getRepository(User).existsBy({ username: ADMIN_USERNAME });
}
