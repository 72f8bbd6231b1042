import { fork, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root (where package.json is), wherever this file was compiled to (tests, benchmarks). */
function repositoryRoot(from: string): string {
  return existsSync(join(from, 'package.json')) ? from : repositoryRoot(dirname(from));
}

/** The built entrypoints (`npm run build`). */
export const DIST = join(repositoryRoot(__dirname), 'dist/src');

/** A throw-away embedded PostgreSQL, run by the same helper process `npm start` uses. */
export interface EmbeddedCluster {
  url: string;
  dataDir: string;
  port: number;
  process: ChildProcess;
}

/**
 * Starts (or restarts, with the same dataDir) an embedded cluster; resolves once it accepts connections.
 * `dist` runs the helper of another copy of the built entrypoints.
 */
export function startEmbeddedCluster(port: number, dataDir?: string, dist = DIST): Promise<EmbeddedCluster> {
  const root = dataDir ? resolve(dataDir, '..') : mkdtempSync(join(tmpdir(), 'pulp-test-pg-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data directory.
  chmodSync(root, 0o755);
  const dir = dataDir ?? join(root, 'postgres');
  const settingsFile = join(root, 'settings.yaml');
  writeFileSync(settingsFile, 'SECRET_KEY: test-cluster\n');
  const child = fork(join(dist, 'embedded-postgres-server.js'), [], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PULP_SETTINGS: settingsFile,
      PULP_DEPLOY_ROOT: root,
      PULP_EMBEDDED_POSTGRES_DIR: dir,
      PULP_EMBEDDED_POSTGRES_PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolvePromise, reject) => {
    child.once('message', () => {
      const password = readFileSync(`${dir}.password`, 'utf8').trim();
      resolvePromise({
        url: `postgresql://pulp:${password}@127.0.0.1:${port}/pulp`,
        dataDir: dir,
        port,
        process: child,
      });
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}:\n${output}`)));
  });
}

/** Stops the cluster (fast shutdown) and waits for the helper to exit. */
export function stopEmbeddedCluster(cluster: EmbeddedCluster): Promise<void> {
  if (cluster.process.exitCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolvePromise) => {
    cluster.process.once('exit', () => resolvePromise());
    cluster.process.kill('SIGTERM');
  });
}
