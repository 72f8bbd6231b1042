import { rmSync } from 'node:fs';

/** Stops the embedded cluster global-setup started (its helper stops PostgreSQL on SIGTERM) and deletes it. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.PULP_TEST_CLUSTER_PID);
  if (!pid) {
    return;
  }
  try {
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 150 && isAlive(pid); waited++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    rmSync(process.env.PULP_TEST_CLUSTER_ROOT!, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
