import { dirname, resolve } from 'node:path';
import { startEmbeddedCluster } from './embedded-cluster';
import { freePort } from './free-port';
import { staleBuild } from './stale-build';

/**
 * Refuses a dist/ older than the sources (the suites run the built entrypoints). Then
 * one PostgreSQL for the whole e2e run: PULP_TEST_DATABASE_URL when given, else a fresh embedded
 * cluster. Each suite then creates its own database on it (test/support/test-database.ts).
 * What is set on process.env here reaches the test workers and global-teardown.
 */
export default async function globalSetup(): Promise<void> {
  const stale = staleBuild(resolve(__dirname, '../..'));
  if (stale) {
    throw new Error(stale);
  }
  if (process.env.PULP_TEST_DATABASE_URL) {
    process.stdout.write('\ne2e: using the PostgreSQL of PULP_TEST_DATABASE_URL\n');
    return;
  }
  const cluster = await startEmbeddedCluster(await freePort());
  process.env.PULP_TEST_DATABASE_URL = cluster.url;
  process.env.PULP_TEST_CLUSTER_PID = String(cluster.process.pid);
  process.env.PULP_TEST_CLUSTER_ROOT = dirname(cluster.dataDir);
  // The cluster outlives this function; nothing of it may keep jest's process alive.
  cluster.process.unref();
  cluster.process.channel?.unref();
  process.stdout.write(`\ne2e: embedded PostgreSQL on 127.0.0.1:${cluster.port}\n`);
}
