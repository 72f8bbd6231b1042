import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ADMIN_PASSWORD = 'correct horse battery';
const LOGIN = '/pulp/api/v3/login/';

/** A hash exactly as Django's PBKDF2PasswordHasher stores it (what a copied Pulp user table holds). */
function djangoHash(password: string): string {
  const salt = randomBytes(12)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x');
  const iterations = 870_000;
  return `pbkdf2_sha256$${iterations}$${salt}$${pbkdf2Sync(password, salt, iterations, 32, 'sha256').toString('base64')}`;
}

/** A hash in our scheme at OWASP's cost, made here so that many users can share it cheaply. */
function scryptHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 2 ** 17 * 8 });
  return `scrypt$131072$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** The `name=value` pairs of a response's Set-Cookie headers, and the raw headers. */
function cookiesOf(response: Response): { jar: Map<string, string>; raw: string[] } {
  const raw = response.headers.getSetCookie();
  return { jar: new Map(raw.map((cookie) => cookie.split(';')[0].split('=') as [string, string])), raw };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('authentication: sessions, CSRF, Django hashes, proxies, limits', () => {
  let site: TestSite;
  let api: PulpProcess;
  let address = 0;
  /** Each call comes from its own client address (X-Forwarded-For, believed from 127.0.0.1) unless given one. */
  const call = (path: string, init: RequestInit & { from?: string } = {}) => {
    address += 1;
    const { from = `10.0.${Math.floor(address / 250)}.${address % 250}`, headers, ...rest } = init;
    return fetch(`${api.baseUrl}${path}`, {
      redirect: 'manual',
      ...rest,
      headers: { 'x-forwarded-for': from, ...(headers as Record<string, string>) },
    });
  };
  const addUser = async (username: string, password: string, active = true) => {
    await site.query('INSERT INTO auth_user (username, password, is_active) VALUES ($1, $2, $3)', [
      username,
      password,
      active,
    ]);
  };
  const storedHash = async (username: string) =>
    (await site.query<{ password: string }>('SELECT password FROM auth_user WHERE username = $1', [username]))[0]
      .password;

  beforeAll(async () => {
    site = await TestSite.create({
      LOG_LEVEL: 'DEBUG',
      AUTHENTICATION_FAILURES_PER_USER: 3,
      AUTHENTICATION_FAILURES_PER_ADDRESS: 5,
      AUTHENTICATION_FAILURE_WINDOW: 60,
      AUTHENTICATION_LOCKOUT: 2,
      AUTHENTICATION_MAX_LOCKOUT: 4,
      REMOTE_USER_ENVIRON_NAME: 'HTTP_REMOTE_USER',
      AUTHENTICATION_JSON_HEADER: 'HTTP_X_IDENTITY',
      AUTHENTICATION_JSON_HEADER_JQ_FILTER: '.identity.user.username',
    });
    expect((await site.manager(['reset-admin-password', '--password', ADMIN_PASSWORD])).code).toBe(0);
    api = await site.start('api');
  });

  afterAll(() => site?.destroy());

  describe('login/ and the session cookie', () => {
    let session: string;
    let csrf: string;
    const withSession = (extra: Record<string, string> = {}) => ({
      cookie: `sessionid=${session}; csrftoken=${csrf}`,
      ...extra,
    });

    beforeAll(async () => {
      const response = await call(LOGIN, {
        method: 'POST',
        headers: { authorization: basic('admin', ADMIN_PASSWORD) },
      });
      expect(response.status).toBe(201);
      const [admin] = await site.query<{ id: number }>("SELECT id FROM auth_user WHERE username = 'admin'");
      expect(await response.json()).toEqual({
        pulp_href: `/pulp/api/v3/users/${admin.id}/`,
        prn: `prn:auth.user:${admin.id}`,
        username: 'admin',
      });
      const { jar, raw } = cookiesOf(response);
      session = jar.get('sessionid')!;
      csrf = jar.get('csrftoken')!;
      expect(raw.find((cookie) => cookie.startsWith('sessionid='))).toMatch(
        /; Max-Age=1209600; Path=\/; SameSite=Lax; HttpOnly$/,
      );
      expect(raw.find((cookie) => cookie.startsWith('csrftoken='))).not.toMatch(/HttpOnly/);
      expect(csrf).toMatch(/^[A-Za-z0-9]{32}$/);
    });

    it('authenticates later requests by the cookie alone', async () => {
      const response = await call(LOGIN, { headers: withSession() });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { username: string }).username).toBe('admin');
    });

    it('stores the session on the server, not its key', async () => {
      const rows = await site.query<{ session_key: string }>('SELECT session_key FROM core_session');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((row) => row.session_key)).not.toContain(session);
    });

    it('marks the cookie Secure when the request came over https', async () => {
      const response = await call(LOGIN, {
        method: 'POST',
        headers: { authorization: basic('admin', ADMIN_PASSWORD), 'x-forwarded-proto': 'https' },
      });
      expect(cookiesOf(response).raw.every((cookie) => cookie.endsWith('; Secure'))).toBe(true);
    });

    it.each([
      ['without a CSRF token', {}, 'CSRF Failed: CSRF token missing.'],
      ['with a wrong CSRF token', { 'x-csrftoken': 'a'.repeat(32) }, 'CSRF Failed: CSRF token incorrect.'],
    ])('refuses an unsafe request on the session %s', async (_case, extra, detail) => {
      const response = await call('/pulp/api/v3/orphans/cleanup/', {
        method: 'POST',
        headers: withSession({ 'content-type': 'application/json', ...extra }),
        body: '{}',
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ detail });
      expect(await site.count('core_task')).toBe(0);
    });

    it('accepts an unsafe request on the session with its CSRF token', async () => {
      const response = await call(LOGIN, {
        method: 'PATCH',
        headers: withSession({ 'x-csrftoken': csrf, 'content-type': 'application/json' }),
        body: JSON.stringify({ first_name: 'Ada' }),
      });
      expect(response.status).toBe(200);
      expect((await site.query("SELECT first_name FROM auth_user WHERE username = 'admin'"))[0].first_name).toBe('Ada');
    });

    it('never asks basic-auth requests for a CSRF token', async () => {
      const response = await call(LOGIN, {
        method: 'PATCH',
        headers: { authorization: basic('admin', ADMIN_PASSWORD), 'content-type': 'application/json' },
        body: JSON.stringify({ last_name: 'Lovelace' }),
      });
      expect(response.status).toBe(200);
    });

    it('changes the password only with the old one', async () => {
      await addUser('changer', scryptHash('first password'));
      const patch = (body: object) =>
        call(LOGIN, {
          method: 'PATCH',
          headers: { authorization: basic('changer', 'first password'), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const other = await call(LOGIN, {
        method: 'POST',
        headers: { authorization: basic('changer', 'first password') },
      });
      const otherSession = `sessionid=${cookiesOf(other).jar.get('sessionid')}`;
      expect((await call(LOGIN, { headers: { cookie: otherSession } })).status).toBe(200);
      expect(await (await patch({ new_password: 'second password' })).json()).toEqual({
        old_password: ['This field is required.'],
      });
      const wrong = await patch({ new_password: 'second password', old_password: 'nope' });
      expect(wrong.status).toBe(400);
      expect(await wrong.json()).toEqual({ old_password: ['Invalid password.'] });
      expect((await patch({ new_password: 'second password', old_password: 'first password' })).status).toBe(200);
      expect((await call(LOGIN, { headers: { authorization: basic('changer', 'first password') } })).status).toBe(401);
      expect((await call(LOGIN, { headers: { authorization: basic('changer', 'second password') } })).status).toBe(200);
      // The change logs out every other session of the user.
      expect((await call(LOGIN, { headers: { cookie: otherSession } })).status).toBe(401);
    });

    it("ends a user's sessions when an admin gives them a new password (users/)", async () => {
      await addUser('reset', scryptHash('old password'));
      const login = await call(LOGIN, { method: 'POST', headers: { authorization: basic('reset', 'old password') } });
      const sessionOfReset = `sessionid=${cookiesOf(login).jar.get('sessionid')}`;
      expect((await call(LOGIN, { headers: { cookie: sessionOfReset } })).status).toBe(200);
      const [{ id }] = await site.query<{ id: number }>("SELECT id FROM auth_user WHERE username = 'reset'");
      const changed = await call(`/pulp/api/v3/users/${id}/`, {
        method: 'PATCH',
        headers: { authorization: basic('admin', ADMIN_PASSWORD), 'content-type': 'application/json' },
        body: JSON.stringify({ password: 'a brand new password' }),
      });
      expect(changed.status).toBe(200);
      expect((await call(LOGIN, { headers: { cookie: sessionOfReset } })).status).toBe(401);
    });

    it('ends the session on logout', async () => {
      const response = await call(LOGIN, { method: 'DELETE', headers: withSession({ 'x-csrftoken': csrf }) });
      expect(response.status).toBe(204);
      expect(cookiesOf(response).raw[0]).toMatch(/^sessionid=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0/);
      const after = await call(LOGIN, { headers: withSession() });
      expect(after.status).toBe(401);
      expect(await after.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
    });

    it('refuses an expired session', async () => {
      const login = await call(LOGIN, { method: 'POST', headers: { authorization: basic('admin', ADMIN_PASSWORD) } });
      const key = cookiesOf(login).jar.get('sessionid')!;
      await site.query("UPDATE core_session SET expire_date = now() - interval '1 second'");
      expect((await call(LOGIN, { headers: { cookie: `sessionid=${key}` } })).status).toBe(401);
    });
  });

  describe('the /auth/login/ form', () => {
    it('shows a form with a CSRF token, logs in and redirects to a same-site next', async () => {
      const page = await call('/auth/login/?next=/pulp/api/v3/status/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      const token = /name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"/.exec(html)![1];
      expect(cookiesOf(page).jar.get('csrftoken')).toBe(token);
      expect(html).toContain('name="next" value="/pulp/api/v3/status/"');

      const post = (fields: Record<string, string>, cookie = `csrftoken=${token}`) =>
        call('/auth/login/', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          body: new URLSearchParams(fields).toString(),
        });
      const fields = { csrfmiddlewaretoken: token, username: 'admin', password: ADMIN_PASSWORD };
      expect((await post(fields, '')).status).toBe(403);
      const wrong = await post({ ...fields, password: 'wrong' });
      expect(wrong.status).toBe(200);
      expect(await wrong.text()).toContain('Invalid username/password.');

      const ok = await post({ ...fields, next: '/pulp/api/v3/status/' });
      expect(ok.status).toBe(302);
      expect(ok.headers.get('location')).toBe('/pulp/api/v3/status/');
      const { jar } = cookiesOf(ok);
      const me = await call(LOGIN, { headers: { cookie: `sessionid=${jar.get('sessionid')}` } });
      expect(((await me.json()) as { username: string }).username).toBe('admin');

      for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
        const elsewhere = await post({ ...fields, next });
        expect(elsewhere.headers.get('location')).toBe('/pulp/api/v3/');
      }
    });
  });

  describe('password hashes', () => {
    it('logs in a user copied from Pulp with a Django pbkdf2 hash, and re-hashes it', async () => {
      await addUser('from-pulp', djangoHash('pulp password'));
      expect((await call(LOGIN, { headers: { authorization: basic('from-pulp', 'wrong') } })).status).toBe(401);
      expect(await storedHash('from-pulp')).toMatch(/^pbkdf2_sha256\$/);
      expect((await call(LOGIN, { headers: { authorization: basic('from-pulp', 'pulp password') } })).status).toBe(200);
      expect(await storedHash('from-pulp')).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect((await call(LOGIN, { headers: { authorization: basic('from-pulp', 'pulp password') } })).status).toBe(200);
    });

    it('re-hashes a scrypt hash of a lower cost', async () => {
      const salt = randomBytes(16);
      const key = scryptSync('old cost', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
      await addUser('older', `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`);
      expect((await call(LOGIN, { headers: { authorization: basic('older', 'old cost') } })).status).toBe(200);
      expect(await storedHash('older')).toMatch(/^scrypt\$131072\$/);
    });
  });

  describe('behind a proxy', () => {
    const identity = (username: unknown) =>
      Buffer.from(JSON.stringify({ identity: { user: { username } } })).toString('base64');

    it('takes the user from the JSON header, creating it on first sight', async () => {
      const response = await call(LOGIN, { headers: { 'x-identity': identity('json-user') } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { username: string }).username).toBe('json-user');
      expect(await storedHash('json-user')).toBe('!');
      expect((await call(LOGIN, { headers: { 'x-identity': identity('json-user') } })).status).toBe(200);
      expect(await site.count("auth_user WHERE username = 'json-user'")).toBe(1);
    });

    it.each([
      ['not base64', '%%%', 'Access denied.'],
      ['not JSON', Buffer.from('{oops').toString('base64'), 'Access denied. Invalid JSON.'],
    ])('refuses a JSON header that is %s', async (_case, value, detail) => {
      const response = await call(LOGIN, { headers: { 'x-identity': value } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ detail });
    });

    it('is not authenticated by a JSON header without the username', async () => {
      const response = await call(LOGIN, { headers: { 'x-identity': identity(null) } });
      expect(response.status).toBe(401);
    });

    it('takes the user from the REMOTE_USER header', async () => {
      const response = await call(LOGIN, { headers: { 'remote-user': 'proxied' } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { username: string }).username).toBe('proxied');
    });

    it('refuses an inactive proxied user', async () => {
      await site.query("UPDATE auth_user SET is_active = false WHERE username = 'proxied'");
      expect((await call(LOGIN, { headers: { 'remote-user': 'proxied' } })).status).toBe(401);
    });

    it('declares each configured method in the schema', async () => {
      const schema = (await (await call('/pulp/api/v3/docs/api.json')).json()) as {
        components: { securitySchemes: unknown };
        paths: Record<string, Record<string, { security: unknown }>>;
      };
      expect(schema.components.securitySchemes).toEqual({
        basicAuth: { type: 'http', scheme: 'basic' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'sessionid' },
        remoteUserAuthentication: { type: 'mutualTLS' },
        json_header_remote_authentication: { type: 'apiKey', in: 'header', name: 'x-identity' },
      });
      expect(schema.paths['/pulp/api/v3/login/'].get.security).toEqual([
        { basicAuth: [] },
        { cookieAuth: [] },
        { remoteUserAuthentication: [] },
        { json_header_remote_authentication: [] },
      ]);
    });
  });

  describe('failed attempts', () => {
    const attempt = (username: string, password: string, from?: string) =>
      call(LOGIN, { headers: { authorization: basic(username, password) }, from });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('lock a username out (429, as DRF throttles) until the lockout ends', async () => {
      await addUser('target', scryptHash('the right one'));
      for (let i = 0; i < 3; i += 1) {
        expect((await attempt('target', `guess ${i}`)).status).toBe(401);
      }
      const locked = await attempt('target', 'the right one');
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe('2');
      expect(await locked.json()).toEqual({ detail: 'Request was throttled. Expected available in 2 seconds.' });
      await sleep(2100);
      expect((await attempt('target', 'the right one')).status).toBe(200);
    });

    it('let a credential verified before the attack through while its username is locked out', async () => {
      await addUser('busy', scryptHash('busy password'));
      expect((await attempt('busy', 'busy password')).status).toBe(200);
      for (let i = 0; i < 3; i += 1) {
        await attempt('busy', `guess ${i}`);
      }
      expect((await attempt('busy', 'another guess')).status).toBe(429);
      expect((await attempt('busy', 'busy password')).status).toBe(200);
    });

    it('lock a client address out, whatever the usernames, until the lockout ends', async () => {
      await addUser('behind-nat', scryptHash('nat password'));
      for (let i = 0; i < 5; i += 1) {
        expect((await attempt(`sprayed-${i}`, 'password', '192.0.2.7')).status).toBe(401);
      }
      expect((await attempt('sprayed-x', 'password', '192.0.2.7')).status).toBe(429);
      expect((await attempt('behind-nat', 'nat password', '192.0.2.7')).status).toBe(429);
      expect((await attempt('sprayed-x', 'password', '192.0.2.8')).status).toBe(401);
      await sleep(2100);
      expect((await attempt('behind-nat', 'nat password', '192.0.2.7')).status).toBe(200);
    });

    it('take as long for an unknown user as for a wrong password of a known one', async () => {
      const samples = 9;
      // Each known user is tried once (under its lockout), from an address of its own.
      const hash = scryptHash('known password');
      for (let i = 0; i <= samples; i += 1) {
        await addUser(`timed-${i}`, hash);
      }
      await addUser('timed-inactive', hash, false);
      const time = async (username: string) => {
        const start = process.hrtime.bigint();
        const response = await attempt(username, 'not the password');
        expect(response.status).toBe(401);
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      // Warm-up: the first refusal of an unknown user makes the process's dummy hash.
      await time('warm-up-unknown');
      await time('timed-0');
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 1; i <= samples; i += 1) {
        known.push(await time(`timed-${i}`));
        unknown.push(await time(`nobody-${i}`));
      }
      const inactive = await time('timed-inactive');
      // Refusing an unknown user without hashing takes a few milliseconds against ~100 for scrypt:
      // the medians must be of the same order (within a factor of 2 on a busy machine).
      const ratio = median(unknown) / median(known);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
      expect(inactive / median(known)).toBeGreaterThan(0.5);
    });
  });

  it('never logs a password', async () => {
    const password = `Secret-${randomBytes(6).toString('hex')}`;
    await addUser('logged', scryptHash(password));
    await call(LOGIN, { headers: { authorization: basic('logged', password) } });
    await call(LOGIN, { headers: { authorization: basic('logged', `${password}x`) } });
    await call(LOGIN, {
      method: 'PATCH',
      headers: { authorization: basic('logged', password), 'content-type': 'application/json' },
      body: JSON.stringify({ old_password: password, new_password: `${password}-new` }),
    });
    const form = await call('/auth/login/');
    const token = cookiesOf(form).jar.get('csrftoken')!;
    await call('/auth/login/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `csrftoken=${token}` },
      body: new URLSearchParams({ csrfmiddlewaretoken: token, username: 'logged', password: 'wrong' }).toString(),
    });
    // What DEBUG logs of the caller, so that the search below looks where a leak would be.
    await call('/pulp/api/v3/tasks/', { headers: { authorization: basic('logged', `${password}-new`) } });
    expect(api.output).toContain('logged: viewset tasks');
    expect(api.output).not.toContain(password);
    expect(await storedHash('logged')).not.toContain(password);
  });
});
