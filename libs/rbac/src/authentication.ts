import { Injectable } from '@nestjs/common';
import { singleHeader } from '@pulp/http';
import { PulpError } from '@pulp/errors';
import { BasicAuthenticator } from './basic-authenticator';
import { parseCookies } from './cookies';
import { CSRF_COOKIE, CSRF_HEADER, csrfFailure } from './csrf';
import { ProxyAuthenticator } from './proxy-authenticator';
import { SESSION_COOKIE, Sessions, type Session } from './sessions';
import type { User } from './user.entity';

/** What authentication reads of a request. */
export interface CredentialsRequest {
  method: string;
  /** The client's address (Fastify's, X-Forwarded-For believed from a local proxy only). */
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Who sends a request, tried in the order of Pulp's DEFAULT_AUTHENTICATION_CLASSES: HTTP Basic,
 * then the session cookie (CSRF-checked on unsafe methods, as DRF's SessionAuthentication), then
 * the proxy's headers when configured. A Basic header that fails is a 401 at once; a request with
 * no credentials at all is anonymous (null), which the access policy judges.
 */
@Injectable()
export class Authentication {
  constructor(
    private readonly basic: BasicAuthenticator,
    private readonly sessions: Sessions,
    private readonly proxy: ProxyAuthenticator,
  ) {}

  async authenticate(request: CredentialsRequest): Promise<{ user: User | null; session?: Session }> {
    const basicUser = await this.basic.authenticate(singleHeader(request.headers.authorization), request.ip);
    if (basicUser) {
      return { user: basicUser };
    }
    const cookies = parseCookies(singleHeader(request.headers.cookie));
    const key = cookies.get(SESSION_COOKIE);
    const found = key === undefined ? null : await this.sessions.find(key);
    if (found) {
      const failure = csrfFailure(
        request.method,
        singleHeader(request.headers[CSRF_HEADER]),
        cookies.get(CSRF_COOKIE),
        found.session.csrfSecret,
      );
      if (failure) {
        throw new PulpError('forbidden', 'PLP0403', failure);
      }
      return found;
    }
    return { user: await this.proxy.authenticate(request.headers) };
  }
}
