/** The cookies of a `Cookie` header (first value wins, as Django reads them); malformed pairs are skipped. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0) {
      continue;
    }
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    if (name !== '' && !cookies.has(name)) {
      cookies.set(name, value);
    }
  }
  return cookies;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
  httpOnly: boolean;
  /** Set when the request came over https, so the cookie never travels in clear. */
  secure: boolean;
}

/** One `Set-Cookie` value, path `/` and SameSite=Lax (Django's defaults for both cookies). */
export function serializeCookie(name: string, value: string, { maxAge, httpOnly, secure }: CookieOptions): string {
  const expires = new Date(Date.now() + maxAge * 1000).toUTCString();
  return [
    `${name}=${value}`,
    `expires=${maxAge === 0 ? 'Thu, 01 Jan 1970 00:00:00 GMT' : expires}`,
    `Max-Age=${maxAge}`,
    'Path=/',
    'SameSite=Lax',
    ...(httpOnly ? ['HttpOnly'] : []),
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
