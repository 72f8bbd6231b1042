import { timingSafeEqual } from 'node:crypto';
import { randomPassword } from './password-hasher';

const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_LENGTH = 32;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export const CSRF_COOKIE = 'csrftoken';
/** Django's CSRF_HEADER_NAME (`HTTP_X_CSRFTOKEN`) as a header. */
export const CSRF_HEADER = 'x-csrftoken';

/** A new secret: 32 of Django's token characters (letters and digits), as its `csrftoken` cookie holds. */
export function newCsrfSecret(): string {
  return randomPassword(SECRET_LENGTH);
}

/** The secret of a token: itself (32 characters), or unmasked from Django's 64 (mask + cipher); null if neither. */
function secretOf(token: string): string | null {
  if (![...token].every((char) => CHARS.includes(char))) {
    return null;
  }
  if (token.length === SECRET_LENGTH) {
    return token;
  }
  if (token.length !== 2 * SECRET_LENGTH) {
    return null;
  }
  const mask = token.slice(0, SECRET_LENGTH);
  const cipher = token.slice(SECRET_LENGTH);
  return [...cipher]
    .map((char, i) => CHARS[(CHARS.indexOf(char) - CHARS.indexOf(mask[i]) + CHARS.length) % CHARS.length])
    .join('');
}

function sameSecret(token: string, secret: string): boolean {
  const candidate = secretOf(token);
  return candidate !== null && timingSafeEqual(Buffer.from(candidate), Buffer.from(secret));
}

/**
 * Why a request authenticated by a session cookie fails Django's CSRF check, in DRF's words, or
 * null when it passes: unsafe methods must send the session's token in `X-CSRFToken` and the
 * `csrftoken` cookie (either plain or masked as Django's templates emit it).
 */
export function csrfFailure(
  method: string,
  header: string | undefined,
  cookie: string | undefined,
  secret: string,
): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) {
    return null;
  }
  if (cookie === undefined) {
    return 'CSRF Failed: CSRF cookie not set.';
  }
  if (!header) {
    return 'CSRF Failed: CSRF token missing.';
  }
  return sameSecret(header, secret) && sameSecret(cookie, secret) ? null : 'CSRF Failed: CSRF token incorrect.';
}

/** The login form's own check (no session yet): the posted field must match the cookie. */
export function formTokenMatches(field: unknown, cookie: string | undefined): boolean {
  const secret = cookie === undefined ? null : secretOf(cookie);
  return typeof field === 'string' && secret !== null && sameSecret(field, secret);
}
