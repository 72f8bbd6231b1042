import { randomBytes } from 'node:crypto';
import { ApiClient } from './support/api-client';
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

describe('access policies', () => {
  let site: TestSite;
  let api: PulpProcess;
  let client: ApiClient;
  const nobody = '00000000-0000-7000-8000-000000000000';

  beforeAll(async () => {
    site = await TestSite.create({ LOG_LEVEL: 'DEBUG' });
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    api = await site.start('api');
    client = new ApiClient(api);
  });

  afterAll(() => site?.destroy());

  /** The guard's DEBUG line for the request sent with `cid` as its Correlation-ID. */
  const logged = async (cid: string) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return api.output.split('\n').filter((line) => line.startsWith(`pulp [${cid}]: AccessPolicy:DEBUG:`));
  };

  it.each([
    ['GET', '/pulp/api/v3/repositories/file/file/', 'repositories/file/file', 'list', 200],
    ['DELETE', `/pulp/api/v3/repositories/file/file/${nobody}/`, 'repositories/file/file', 'destroy', 404],
    ['GET', `/pulp/api/v3/repositories/file/file/${nobody}/versions/`, 'repositories/file/file/versions', 'list', 404],
    ['POST', `/pulp/api/v3/remotes/file/file/${nobody}/set_label/`, 'remotes/file/file', 'set_label', 400],
    ['GET', `/pulp/api/v3/acs/file/file/${nobody}/`, 'acs/file/file', 'retrieve', 404],
    ['GET', '/pulp/api/v3/repositories/', 'repositories', 'list', 200],
    ['GET', '/pulp/api/v3/content/', 'content', 'list', 200],
    ['PATCH', `/pulp/api/v3/tasks/${nobody}/`, 'tasks', 'partial_update', 400],
    ['GET', `/pulp/api/v3/task-groups/${nobody}/`, 'task-groups', 'retrieve', 404],
    ['POST', '/pulp/api/v3/orphans/cleanup/', 'orphans/cleanup', 'cleanup', 400],
    // A plain DRF view in Pulp: drf-access-policy names its action by the view's class.
    ['GET', '/pulp/api/v3/login/', 'login', 'LoginViewSet', 200],
  ])('%s %s is asked of viewset %s, action %s', async (method, path, viewset, action, status) => {
    const cid = randomBytes(16).toString('hex');
    // Reads, or writes the views refuse (400/404) after the guard has spoken: nothing is written.
    const answer = await client.call(path, {
      method,
      headers: { 'Correlation-ID': cid, 'content-type': 'application/json' },
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: JSON.stringify({ orphan_protection_time: 'x' }) }),
    });
    expect(answer.status).toBe(status);
    expect(await logged(cid)).toEqual([
      `pulp [${cid}]: AccessPolicy:DEBUG: admin: viewset ${viewset}, action ${action}`,
    ]);
  });

  it('asks nothing of an exempt route', async () => {
    const cid = randomBytes(16).toString('hex');
    expect((await client.call('/pulp/api/v3/status/', { headers: { 'Correlation-ID': cid } })).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/auth/login/`, { headers: { 'Correlation-ID': cid } })).status).toBe(200);
    expect(await logged(cid)).toEqual([]);
  });
});
