import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Exit code of embedded-postgres-server when the postmaster it watched died (the launcher restarts it). */
export const POSTMASTER_GONE = 3;

/** What embedded-postgres-server tells the launcher over IPC. */
export type EmbeddedDatabaseMessage = { ready: true; owned: boolean } | { gone: number };

/** The postmaster's pid: the first line of the lock file it keeps in its data directory. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True while a process with this pid exists (EPERM: it does, as another user: `postgres` under root). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `onGone` once the postmaster of `dataDir` has died. By pid rather than as a child process:
 * the cluster may have been started by another local process (then it is not ours to spawn).
 * Returns the pid watched, or undefined when there is no postmaster to watch.
 */
export function watchPostmaster(dataDir: string, onGone: (pid: number) => void, intervalMs = 500): number | undefined {
  const pid = postmasterPid(dataDir);
  if (pid === undefined) {
    return undefined;
  }
  const timer = setInterval(() => {
    if (!alive(pid)) {
      clearInterval(timer);
      onGone(pid);
    }
  }, intervalMs);
  timer.unref();
  return pid;
}

/**
 * Removes the lock file of a postmaster seen dying, so that a new pid given to another process
 * since cannot make PostgreSQL believe it still runs. A file naming any other pid is left alone.
 */
export function removeStalePidFile(dataDir: string, deadPid: number): void {
  if (postmasterPid(dataDir) === deadPid && !alive(deadPid)) {
    rmSync(join(dataDir, 'postmaster.pid'), { force: true });
  }
}
