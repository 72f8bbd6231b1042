import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticationError } from '@pulp/errors';
import { parseBasic } from './basic-credentials';
import { verifyPassword } from './password-hasher';
import { User } from './user.entity';

const VERIFIED_TTL_MS = 60_000;

/**
 * HTTP Basic authentication against `auth_user`. Clients send credentials on every request, and a
 * scrypt check costs tens of milliseconds, so a successful check is remembered for a minute
 * (keyed by a digest of the credentials and the stored hash: a password change invalidates it).
 */
@Injectable()
export class BasicAuthenticator {
  private readonly verified = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  async authenticate(authorization: string | undefined): Promise<User> {
    const credentials = parseBasic(authorization);
    if (!credentials) {
      throw new AuthenticationError('Authentication credentials were not provided.');
    }
    // No user name holds a NUL, and PostgreSQL refuses one in a query: no lookup.
    const user = credentials.username.includes('\u0000')
      ? null
      : await this.dataSource.getRepository(User).findOneBy({ username: credentials.username });
    if (!user || !user.isActive || !(await this.passwordMatches(credentials.password, user))) {
      throw new AuthenticationError('Invalid username/password.');
    }
    return user;
  }

  private async passwordMatches(password: string, user: User): Promise<boolean> {
    const key = createHash('sha256').update(`${user.id}\0${password}\0${user.password}`).digest('base64');
    const now = Date.now();
    if ((this.verified.get(key) ?? 0) > now) {
      return true;
    }
    if (!(await verifyPassword(password, user.password))) {
      return false;
    }
    for (const [entry, expiry] of this.verified) {
      if (expiry <= now) {
        this.verified.delete(entry);
      }
    }
    this.verified.set(key, now + VERIFIED_TTL_MS);
    return true;
  }
}
