import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchAllInOne } from './support/all-in-one';
import { freePort } from './support/free-port';

/** True while something accepts TCP connections on the port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('npm start (the all-in-one launcher) in a fresh folder', () => {
  let dir: string;
  let ports: { api: number; content: number; postgres: number };

  const launch = () => launchAllInOne(dir, ports);
  const basic = (password: string) => ({
    authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pulp-start-'));
    // Like a checkout: readable by others, so PostgreSQL (run as `postgres` under root) can reach var/.
    chmodSync(dir, 0o755);
    ports = { api: await freePort(), content: await freePort(), postgres: await freePort() };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets everything up, runs one API, one content app and two workers, and stops them all on Ctrl-C', async () => {
    const launcher = await launch();
    const settings = readFileSync(join(dir, 'settings.yaml'), 'utf8');
    expect(settings).toMatch(/^SECRET_KEY: "\S{40,}"$/m);
    expect(settings).toContain(`DEPLOY_ROOT: "${join(dir, 'var')}"`);
    const keyFile = join(dir, 'var', 'database_fields.symmetric.key');
    expect(settings).toContain(`DB_ENCRYPTION_KEY: "${keyFile}"`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}=\n$/);
    expect(launcher.output).toContain(`REST API      http://127.0.0.1:${ports.api}/pulp/api/v3/`);
    expect(launcher.output).toContain(`Content       http://127.0.0.1:${ports.content}/pulp/content/`);
    const password = /Admin login {3}admin \/ ([A-Za-z0-9]{20})/.exec(launcher.output)?.[1];
    expect(password).toBeDefined();

    const status = (await (await fetch(`${launcher.baseUrl}/pulp/api/v3/status/`)).json()) as Record<string, unknown[]>;
    expect([status.online_api_apps.length, status.online_content_apps.length, status.online_workers.length]).toEqual([
      1, 1, 2,
    ]);
    expect((await fetch(`${launcher.baseUrl}/pulp/api/v3/login/`, { headers: basic(password!) })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.content}/pulp/content/`, { method: 'HEAD' })).status).toBe(200);
    expect(launcher.output).toMatch(/^\[worker-2\] /m);

    await launcher.stop('SIGINT');
    expect((await launcher.exited).code).toBe(0);
    expect(await Promise.all([listening(ports.api), listening(ports.content), listening(ports.postgres)])).toEqual([
      false,
      false,
      false,
    ]);

    // A second start reuses the data and the key: same admin password, none printed. Settings an
    // earlier launcher wrote without DB_ENCRYPTION_KEY get it.
    writeFileSync(join(dir, 'settings.yaml'), settings.replace(/^DB_ENCRYPTION_KEY: .*\n/m, ''));
    const again = await launch();
    expect(readFileSync(join(dir, 'settings.yaml'), 'utf8')).toBe(settings);
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    expect(again.output).toContain('password set on an earlier start');
    expect(again.output).not.toContain('Applied migrations');
    expect((await fetch(`${again.baseUrl}/pulp/api/v3/login/`, { headers: basic(password!) })).status).toBe(200);
    await again.stop('SIGINT');
    expect((await again.exited).code).toBe(0);
    expect(await listening(ports.postgres)).toBe(false);
  });

  it('leaves nothing running when the launcher itself is killed', async () => {
    const launcher = await launch();
    await launcher.stop('SIGKILL');
    const deadline = Date.now() + 20_000;
    let open = [true];
    while (open.some(Boolean) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      open = await Promise.all([listening(ports.api), listening(ports.content), listening(ports.postgres)]);
    }
    expect(open).toEqual([false, false, false]);
  });
});
