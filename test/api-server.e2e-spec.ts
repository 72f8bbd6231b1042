import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { freePort } from './support/free-port';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

describe('settings precedence, seen through a running API', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await TestSite.create({
      CONTENT_ORIGIN: 'https://from-yaml.example',
      CONTENT_PATH_PREFIX: '/yaml-content/',
    });
  });

  afterAll(() => site?.destroy());

  const contentSettings = async (api: PulpProcess) =>
    ((await (await fetch(`${api.baseUrl}/pulp/api/v3/status/`)).json()) as { content_settings: unknown })
      .content_settings;

  it('serves what settings.yaml says', async () => {
    const api = await site.start('api');
    expect(await contentSettings(api)).toEqual({
      content_origin: 'https://from-yaml.example',
      content_path_prefix: '/yaml-content/',
    });
    await api.stop();
  });

  it('lets PULP_* environment variables win over settings.yaml', async () => {
    const api = await site.start('api', { env: { PULP_CONTENT_ORIGIN: 'https://from-env.example' } });
    expect(await contentSettings(api)).toEqual({
      content_origin: 'https://from-env.example',
      content_path_prefix: '/yaml-content/',
    });
    await api.stop();
  });

  it('moves the whole API under another API_ROOT', async () => {
    const api = await site.start('api', { env: { PULP_API_ROOT: '/custom/' } });
    expect((await fetch(`${api.baseUrl}/custom/api/v3/status/`)).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/pulp/api/v3/status/`)).status).toBe(404);
    const schema = (await (await fetch(`${api.baseUrl}/custom/api/v3/docs/api.json`)).json()) as { paths: object };
    expect(Object.keys(schema.paths)).toContain('/custom/api/v3/status/');
    await api.stop();
  });

  it('serves the content app under CONTENT_PATH_PREFIX', async () => {
    const content = await site.start('content');
    expect((await fetch(`${content.baseUrl}/yaml-content/`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${content.baseUrl}/pulp/content/`, { method: 'HEAD' })).status).toBe(404);
    await content.stop();
  });
});

describe('HTTP wire rules every client relies on', () => {
  let site: TestSite;
  let api: PulpProcess;
  let accessLog: string;

  beforeAll(async () => {
    site = await TestSite.create();
    accessLog = join(site.dir, 'access.log');
    api = await site.start('api', { args: ['--access-logfile', accessLog] });
  });

  afterAll(() => site?.destroy());

  it('echoes a valid Correlation-ID and replaces an invalid one', async () => {
    const echoed = await fetch(`${api.baseUrl}/pulp/api/v3/status/`, {
      headers: { 'Correlation-ID': 'deadbeefdeadbeefdeadbeefdeadbeef' },
    });
    expect(echoed.headers.get('correlation-id')).toBe('deadbeefdeadbeefdeadbeefdeadbeef');
    const dashed = '0f0e0d0c-0b0a-4090-8070-605040302010';
    expect(
      (await fetch(`${api.baseUrl}/pulp/api/v3/livez/`, { headers: { 'correlation-id': dashed } })).headers.get(
        'correlation-id',
      ),
    ).toBe(dashed);
    const replaced = await fetch(`${api.baseUrl}/pulp/api/v3/status/`, {
      headers: { 'Correlation-ID': 'deadbeefdeadbeefdeadbeefdeadxxxx' },
    });
    expect(replaced.headers.get('correlation-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(replaced.headers.get('correlation-id')).not.toBe('deadbeefdeadbeefdeadbeefdeadxxxx');
  });

  it('adds a Correlation-ID to errors and schema downloads too', async () => {
    for (const path of ['docs/api.json', 'login/', 'nowhere/']) {
      expect((await fetch(`${api.baseUrl}/pulp/api/v3/${path}`)).headers.get('correlation-id')).toMatch(
        /^[0-9a-f]{32}$/,
      );
    }
  });

  it('labels JSON exactly application/json', async () => {
    for (const path of ['status/', 'docs/api.json', 'login/']) {
      expect((await fetch(`${api.baseUrl}/pulp/api/v3/${path}`)).headers.get('content-type')).toBe('application/json');
    }
  });

  it('answers with and without the trailing slash', async () => {
    expect((await fetch(`${api.baseUrl}/pulp/api/v3/status`)).status).toBe(200);
  });

  it('answers an unknown route with 404 and Pulp’s body', async () => {
    const response = await fetch(`${api.baseUrl}/pulp/api/v3/nothing-here/`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ detail: 'Not found.' });
  });

  it('answers a method a known path does not serve with 405, Pulp’s body and Allow', async () => {
    const response = await fetch(`${api.baseUrl}/pulp/api/v3/status/`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(await response.json()).toEqual({ detail: 'Method "DELETE" not allowed.' });
    expect(response.headers.get('allow')).toMatch(/\bGET\b/);
    const member = await fetch(`${api.baseUrl}/pulp/api/v3/tasks/00000000-0000-7000-8000-000000000000/`, {
      method: 'PUT',
    });
    expect(member.status).toBe(405);
    expect(await member.json()).toEqual({ detail: 'Method "PUT" not allowed.' });
  });

  it('writes an access log line per request in Pulp’s format, with the correlation id', async () => {
    await fetch(`${api.baseUrl}/pulp/api/v3/livez/`, {
      headers: { 'Correlation-ID': 'abcdefabcdefabcdefabcdefabcdef12', 'User-Agent': 'e2e' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(accessLog, 'utf8')).toMatch(
      /^pulp \[abcdefabcdefabcdefabcdefabcdef12\]: 127\.0\.0\.1 - - \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET \/pulp\/api\/v3\/livez\/ HTTP\/1\.1" 200 \S+ "-" "e2e"$/m,
    );
  });

  it('serves collected static assets at STATIC_URL', async () => {
    expect((await site.manager(['collectstatic'])).code).toBe(0);
    const restarted = await site.start('api');
    const response = await fetch(`${restarted.baseUrl}/assets/pulp/favicon.svg`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<svg');
    await restarted.stop();
  });
});

describe('pulpcore-api command-line options', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await TestSite.create();
  });

  afterAll(() => site?.destroy());

  it('runs N processes on one port, each reporting its own status, and stops them all on SIGTERM', async () => {
    const api = await site.start('api', { args: ['--workers', '2'] });
    await api.waitFor(/listening on[\s\S]*listening on/);
    const status = (await (await fetch(`${api.baseUrl}/pulp/api/v3/status/`)).json()) as {
      online_api_apps: Array<{ name: string }>;
    };
    expect(status.online_api_apps).toHaveLength(2);
    expect(status.online_api_apps.map((app) => app.name)).not.toContain(`${api.pid}@`);
    await api.stop('SIGTERM');
    expect(await site.query("SELECT name FROM core_appstatus WHERE app_type = 'api'")).toEqual([]);
  });

  it('listens on every --bind address', async () => {
    const second = await freePort();
    const api = await site.start('api', { args: ['--bind', `127.0.0.1:${second}`] });
    for (const base of [api.baseUrl, `http://127.0.0.1:${second}`]) {
      const response = await fetch(`${base}/pulp/api/v3/status/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('correlation-id')).toMatch(/^[0-9a-f]{32}$/);
    }
    await api.stop();
  });

  it('gives up on a request whose headers do not arrive within --timeout', async () => {
    const api = await site.start('api', { args: ['--timeout', '1'] });
    const { port } = new URL(api.baseUrl!);
    const answer = await new Promise<string>((resolve) => {
      const socket = createConnection({ port: Number(port), host: '127.0.0.1' }, () =>
        socket.write('GET /pulp/api/v3/status/ HTTP/1.1\r\nHost: x\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    await api.stop();
  });
});
