import { PulpValidationError } from '@pulp/errors';
import { hashPassword } from '../password-hasher';
import { INVALID_EMAIL, isEmailAddress } from './email-address';
import { passwordProblems } from './password-rules';
import type { PatchedUserFields } from './users.dto';

/** A password no login matches (Django's unusable password): the user authenticates by other means only. */
export const UNUSABLE_PASSWORD = '!';

/** auth_user columns a request sets, ready to write. */
export type UserColumns = Partial<{
  username: string;
  password: string;
  first_name: string;
  last_name: string;
  email: string;
  is_staff: boolean;
  is_active: boolean;
}>;

/**
 * The columns a validated body writes, checked as Pulp's UserSerializer checks them: text trimmed
 * (DRF's CharField), then blank username or password, email, unique username (`exists` looks it
 * up among the other users), and only then the password rules; the password is stored hashed.
 * `full` (create, PUT) applies the serializer's defaults: no password (unusable), not staff, active.
 */
export async function userColumns(
  body: PatchedUserFields,
  full: boolean,
  exists: (username: string) => Promise<boolean>,
): Promise<UserColumns> {
  const username = trim(body.username);
  const password = trim(body.password);
  const email = trim(body.email);
  const errors: Record<string, string[]> = {};
  if (username === '') {
    errors.username = ['This field may not be blank.'];
  } else if (username !== undefined && (await exists(username))) {
    errors.username = ['This field must be unique.'];
  }
  if (password === '') {
    errors.password = ['This field may not be blank.'];
  }
  if (email) {
    if (email.length > 254) {
      errors.email = ['Ensure this field has no more than 254 characters.'];
    } else if (!isEmailAddress(email)) {
      errors.email = [INVALID_EMAIL];
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new PulpValidationError(errors);
  }
  const problems = typeof password === 'string' ? passwordProblems(password) : [];
  if (problems.length > 0) {
    throw new PulpValidationError({ non_field_errors: problems });
  }
  const columns: UserColumns = {
    username,
    first_name: trim(body.first_name),
    last_name: trim(body.last_name),
    email,
    is_staff: body.is_staff ?? (full ? false : undefined),
    is_active: body.is_active ?? (full ? true : undefined),
  };
  if (typeof password === 'string') {
    columns.password = await hashPassword(password);
  } else if (password === null || full) {
    columns.password = UNUSABLE_PASSWORD;
  }
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

/** DRF's CharField trims what it is given. */
function trim<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? value.trim() : value) as T;
}
