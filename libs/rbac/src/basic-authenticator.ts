import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PulpSettings } from '@pulp/config';
import { AuthenticationError, ThrottledError } from '@pulp/errors';
import { parseBasic } from './basic-credentials';
import { addressKey, FailureLimiter } from './failure-limiter';
import { hashPassword, isCheckableHash, needsRehash, randomPassword, verifyPassword } from './password-hasher';
import { User } from './user.entity';
import { VerifiedCredentials } from './verified-credentials';

const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX_ENTRIES = 10_000;
/** auth_user.username's length: a longer name names nobody. */
const USERNAME_MAX = 150;

/**
 * Username and password checks against `auth_user` (HTTP Basic, the login form, a password change),
 * neither a denial of service nor an oracle:
 * - every refusal costs one hash of the current scheme: an unknown user, an inactive one or one
 *   without a usable password is checked against a dummy hash, so timing tells nobody who exists;
 * - failures are limited per username and per client address (FailureLimiter, 429 while locked out);
 *   a credential verified within the last minute is let through without a hash, so a busy client
 *   (or the owner of a username under attack) neither pays scrypt each request nor is locked out;
 * - a hash of another scheme or a lower cost (a Django `pbkdf2_sha256` copied from Pulp) is
 *   replaced by our current one on its first successful check.
 */
@Injectable()
export class BasicAuthenticator {
  private readonly verified = new VerifiedCredentials(VERIFIED_TTL_MS, VERIFIED_MAX_ENTRIES);
  private readonly users: FailureLimiter;
  private readonly addresses: FailureLimiter;
  private dummyHash?: Promise<string>;

  constructor(
    private readonly dataSource: DataSource,
    settings: PulpSettings,
  ) {
    const window = {
      windowSeconds: settings.AUTHENTICATION_FAILURE_WINDOW,
      lockoutSeconds: settings.AUTHENTICATION_LOCKOUT,
      maxLockoutSeconds: settings.AUTHENTICATION_MAX_LOCKOUT,
    };
    this.users = new FailureLimiter({ failures: settings.AUTHENTICATION_FAILURES_PER_USER, ...window });
    this.addresses = new FailureLimiter({ failures: settings.AUTHENTICATION_FAILURES_PER_ADDRESS, ...window });
  }

  /** The user of a `Basic` Authorization header; null when the header carries no Basic credentials. */
  async authenticate(authorization: string | undefined, address: string): Promise<User | null> {
    const credentials = parseBasic(authorization);
    return credentials ? this.verify(credentials.username, credentials.password, address) : null;
  }

  /** The active user with this password; throws 401 (wrong) or 429 (too many failures). */
  async verify(username: string, password: string, address: string): Promise<User> {
    // No user name holds a NUL (PostgreSQL refuses one in a query) or is longer than the column: no lookup.
    const user =
      username.includes('\u0000') || username.length > USERNAME_MAX
        ? null
        : await this.dataSource.getRepository(User).findOneBy({ username });
    // Names past the column's length share one key, so that long names cannot fill the limiter's memory.
    const userKey = username.slice(0, USERNAME_MAX + 1);
    const usable = user !== null && user.isActive && isCheckableHash(user.password);
    const stored = usable ? user.password : await this.dummy();
    if (usable && this.verified.has(username, password, stored)) {
      return user;
    }
    const addressId = addressKey(address);
    const wait = Math.max(this.users.retryAfter(userKey), this.addresses.retryAfter(addressId));
    if (wait > 0) {
      throw new ThrottledError(wait);
    }
    if (!(await verifyPassword(password, stored)) || !usable) {
      this.users.recordFailure(userKey);
      this.addresses.recordFailure(addressId);
      throw new AuthenticationError('Invalid username/password.');
    }
    this.users.forget(userKey);
    if (needsRehash(stored)) {
      await this.rehash(user, password);
    }
    this.verified.remember(username, password, user.password);
    return user;
  }

  /** Replaces the hash unless it changed meanwhile (a concurrent password change wins). */
  private async rehash(user: User, password: string): Promise<void> {
    const hash = await hashPassword(password);
    const { affected } = await this.dataSource
      .getRepository(User)
      .update({ id: user.id, password: user.password }, { password: hash });
    if (affected === 1) {
      user.password = hash;
    }
  }

  /** A hash of the current scheme and cost that no password matches, made once per process. */
  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomPassword(32));
    return this.dummyHash;
  }
}
