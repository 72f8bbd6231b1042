import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('HTTP basic authentication', () => {
  let site: TestSite;
  let api: PulpProcess;
  const login = (authorization?: string) =>
    fetch(`${api.baseUrl}/pulp/api/v3/login/`, { headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    site = await TestSite.create();
    const reset = await site.manager(['reset-admin-password', '--password', 'correct horse']);
    expect(reset.code).toBe(0);
    api = await site.start('api');
  });

  afterAll(() => site?.destroy());

  it('accepts the right password', async () => {
    const response = await login(basic('admin', 'correct horse'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const [user] = await site.query<{ id: number }>("SELECT id FROM auth_user WHERE username = 'admin'");
    expect(await response.json()).toEqual({
      pulp_href: `/pulp/api/v3/users/${user.id}/`,
      prn: `prn:auth.user:${user.id}`,
      username: 'admin',
    });
  });

  it.each([
    ['a wrong password', basic('admin', 'wrong'), 'Invalid username/password.'],
    ['an unknown user', basic('nobody', 'correct horse'), 'Invalid username/password.'],
    ['no credentials', undefined, 'Authentication credentials were not provided.'],
    ['another scheme', 'Bearer abc', 'Authentication credentials were not provided.'],
  ])('refuses %s with 401 and Pulp’s body', async (_case, authorization, detail) => {
    const response = await login(authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="api"');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ detail });
  });

  it('refuses an inactive user', async () => {
    await site.query("UPDATE auth_user SET is_active = false WHERE username = 'admin'");
    try {
      expect((await login(basic('admin', 'correct horse'))).status).toBe(401);
    } finally {
      await site.query("UPDATE auth_user SET is_active = true WHERE username = 'admin'");
    }
  });

  it('takes a new password at once after reset-admin-password', async () => {
    expect((await site.manager(['reset-admin-password', '--password', 'battery staple'])).code).toBe(0);
    expect((await login(basic('admin', 'correct horse'))).status).toBe(401);
    expect((await login(basic('admin', 'battery staple'))).status).toBe(200);
  });

  it.each(['status/', 'livez/', 'docs/api.json', 'docs/api.yaml', 'docs/'])(
    'serves %s without credentials',
    async (path) => {
      expect((await fetch(`${api.baseUrl}/pulp/api/v3/${path}`)).status).toBe(200);
    },
  );

  it('answers 404 with Pulp’s body for an unknown path', async () => {
    const response = await fetch(`${api.baseUrl}/pulp/api/v3/no-such-thing/`, {
      headers: { authorization: basic('admin', 'battery staple') },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Not found.' });
  });
});
