import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PulpSettings } from '@pulp/config';
import { serializeCookie } from './cookies';
import { CSRF_COOKIE, newCsrfSecret } from './csrf';
import { User } from './user.entity';

export const SESSION_COOKIE = 'sessionid';

/** A session as the request holding its cookie sees it. */
export interface Session {
  /** The cookie's value (only its digest is stored). */
  key: string;
  csrfSecret: string;
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Login sessions in `core_session`: opened by a login, ended by logout, expiry or the user's deletion. */
@Injectable()
export class Sessions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PulpSettings,
  ) {}

  /** Seconds a session lasts (SESSION_COOKIE_AGE), for its cookie. */
  get maxAge(): number {
    return this.settings.SESSION_COOKIE_AGE;
  }

  /** A new session for the user (and their last_login); expired sessions are swept on the way. */
  async open(user: User): Promise<Session> {
    const session = { key: randomBytes(32).toString('base64url'), csrfSecret: newCsrfSecret() };
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM core_session WHERE expire_date < now()');
      await manager.query(
        `INSERT INTO core_session (session_key, user_id, csrf_secret, expire_date)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
        [digest(session.key), user.id, session.csrfSecret, this.maxAge],
      );
      await manager.query('UPDATE auth_user SET last_login = now() WHERE id = $1', [user.id]);
    });
    return session;
  }

  /** The active user of an unexpired session, with the session; null for any other cookie. */
  async find(key: string): Promise<{ user: User; session: Session } | null> {
    // A key we made is 43 base64url characters; anything else is no session (and never reaches SQL).
    if (!/^[A-Za-z0-9_-]{43}$/.test(key)) {
      return null;
    }
    const [row] = await this.dataSource.query<Array<{ user_id: number; csrf_secret: string }>>(
      `SELECT user_id, csrf_secret FROM core_session WHERE session_key = $1 AND expire_date > now()`,
      [digest(key)],
    );
    const user = row ? await this.dataSource.getRepository(User).findOneBy({ id: row.user_id, isActive: true }) : null;
    return user ? { user, session: { key, csrfSecret: row.csrf_secret } } : null;
  }

  /** Ends the user's sessions but `keep` (a password change logs out every other browser, as Django does). */
  async closeOthers(user: User, keep: string | undefined): Promise<void> {
    await this.dataSource.query('DELETE FROM core_session WHERE user_id = $1 AND session_key IS DISTINCT FROM $2', [
      user.id,
      keep === undefined ? null : digest(keep),
    ]);
  }

  async close(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM core_session WHERE session_key = $1', [digest(key)]);
  }
}

/**
 * `Set-Cookie` values that hand the client a session and its CSRF token (readable by scripts, which
 * echo it in X-CSRFToken), or take the session away (null). The session cookie is HttpOnly; both
 * are Secure when the request came over https.
 */
export function sessionCookies(session: Session | null, maxAge: number, secure: boolean): string[] {
  return session
    ? [
        serializeCookie(SESSION_COOKIE, session.key, { maxAge, httpOnly: true, secure }),
        serializeCookie(CSRF_COOKIE, session.csrfSecret, { maxAge, httpOnly: false, secure }),
      ]
    : [serializeCookie(SESSION_COOKIE, '', { maxAge: 0, httpOnly: true, secure })];
}
