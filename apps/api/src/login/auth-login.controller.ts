import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PulpSettings, resourceApiPath } from '@pulp/config';
import { PulpError, ThrottledError } from '@pulp/errors';
import {
  BasicAuthenticator,
  CSRF_COOKIE,
  formTokenMatches,
  newCsrfSecret,
  NoAccessPolicy,
  parseCookies,
  Public,
  serializeCookie,
  sessionCookies,
  Sessions,
} from '@pulp/rbac';
import { safeNext } from './safe-next';

/** The path of the form, outside the API root as Pulp serves DRF's login view. */
export const AUTH_LOGIN_PATH = 'auth/login';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

type FormBody = Partial<Record<'username' | 'password' | 'csrfmiddlewaretoken' | 'next', unknown>>;

/**
 * A plain HTML login form for browsers: GET shows it, POST checks the username and password (with
 * the limits of every password check) and opens a session, then redirects to `next` (a path on this
 * site) or the API root. Like Django's form it carries a CSRF token, matched against its cookie.
 */
@ApiExcludeController()
@Public()
@NoAccessPolicy()
@Controller(AUTH_LOGIN_PATH)
export class AuthLoginController {
  constructor(
    private readonly settings: PulpSettings,
    private readonly sessions: Sessions,
    private readonly passwords: BasicAuthenticator,
  ) {}

  @Get()
  show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('next') next: unknown): void {
    this.form(request, reply, 200, safeNext(next), null);
  }

  @Post()
  async submit(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as FormBody;
    const next = safeNext(body.next);
    const cookie = parseCookies(request.headers.cookie).get(CSRF_COOKIE);
    if (!formTokenMatches(body.csrfmiddlewaretoken, cookie)) {
      void reply.code(403).type('text/plain; charset=utf-8').send('CSRF verification failed. Request aborted.');
      return;
    }
    const { username, password } = body;
    if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password === '') {
      this.form(request, reply, 200, next, 'Enter a username and a password.');
      return;
    }
    let user;
    try {
      user = await this.passwords.verify(username, password, request.ip);
    } catch (error) {
      if (error instanceof ThrottledError) {
        void reply.header('Retry-After', String(error.waitSeconds));
        this.form(request, reply, 429, next, error.message);
        return;
      }
      if (error instanceof PulpError && error.kind === 'unauthenticated') {
        this.form(request, reply, 200, next, 'Invalid username/password.');
        return;
      }
      throw error;
    }
    const session = await this.sessions.open(user);
    void reply
      .code(302)
      .header('Set-Cookie', sessionCookies(session, this.sessions.maxAge, request.protocol === 'https'))
      .header('Location', next ?? resourceApiPath(this.settings))
      .send();
  }

  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    next: string | null,
    error: string | null,
  ): void {
    // The form's token is its cookie's (a new one when the browser has none).
    const existing = parseCookies(request.headers.cookie).get(CSRF_COOKIE);
    const token = existing && /^[A-Za-z0-9]{32}$/.test(existing) ? existing : newCsrfSecret();
    const secure = request.protocol === 'https';
    const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    const html = [
      '<!DOCTYPE html>',
      '<html lang="en"><head><meta charset="utf-8"><title>Log in | Pulp 3 API</title></head><body>',
      '<h1>Pulp 3 API</h1>',
      error ? `<p role="alert">${escapeHtml(error)}</p>` : '',
      `<form method="post" action="/${AUTH_LOGIN_PATH}/">`,
      hidden('csrfmiddlewaretoken', token),
      next ? hidden('next', next) : '',
      '<p><label>Username <input name="username" autocomplete="username" required autofocus></label></p>',
      '<p><label>Password <input type="password" name="password" autocomplete="current-password" required></label></p>',
      '<p><button type="submit">Log in</button></p>',
      '</form></body></html>',
    ].join('\n');
    void reply
      .code(status)
      .header(
        'Set-Cookie',
        serializeCookie(CSRF_COOKIE, token, { maxAge: this.sessions.maxAge, httpOnly: false, secure }),
      )
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  }
}
