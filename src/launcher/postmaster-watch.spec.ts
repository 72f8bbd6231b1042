import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postmasterPid, removeStalePidFile, watchPostmaster } from './postmaster-watch';

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

describe('the postmaster lock file', () => {
  let dir: string;
  const lockFile = () => join(dir, 'postmaster.pid');
  const lock = (pid: number) => writeFileSync(lockFile(), `${pid}\n${dir}\n1700000000\n5432\n`);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pulp-postmaster-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the postmaster on its first line, or nothing without a valid one', () => {
    expect(postmasterPid(dir)).toBeUndefined();
    lock(4242);
    expect(postmasterPid(dir)).toBe(4242);
    writeFileSync(lockFile(), 'garbage\n');
    expect(postmasterPid(dir)).toBeUndefined();
  });

  it('is removed only when it names the dead postmaster', () => {
    const dead = deadPid();
    lock(process.pid);
    removeStalePidFile(dir, process.pid);
    expect(existsSync(lockFile())).toBe(true);
    removeStalePidFile(dir, dead);
    expect(existsSync(lockFile())).toBe(true);
    lock(dead);
    removeStalePidFile(dir, dead);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('is watched until its postmaster is gone', async () => {
    lock(deadPid());
    const gone = await new Promise<number>((resolve) => watchPostmaster(dir, resolve, 10));
    expect(gone).toBe(postmasterPid(dir));
    expect(watchPostmaster(join(dir, 'missing'), () => undefined)).toBeUndefined();
  });
});
