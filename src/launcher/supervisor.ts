import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

interface Child {
  name: string;
  args: string[];
  process?: ChildProcess;
  starts: number[];
}

const RESTART_WINDOW_MS = 60_000;
const MAX_RESTARTS = 5;

/**
 * Runs the all-in-one's processes: each in its own process group (so Ctrl-C reaches only the
 * launcher, which then stops them in order), with every output line prefixed by its name.
 * Each child holds an IPC channel to the launcher and stops when it closes.
 * A process that dies is restarted, unless it keeps dying, which stops everything.
 */
export class Supervisor {
  private readonly children: Child[] = [];
  private stopping = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly onFatal: (reason: string) => void,
  ) {}

  add(name: string, script: string, args: string[]): void {
    const child: Child = { name, args: [script, ...args], starts: [] };
    this.children.push(child);
    this.start(child);
  }

  /** SIGTERM to every process, then wait until all have exited. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.children.map((child) => stopProcess(child.process)));
  }

  private start(child: Child): void {
    if (this.stopping) {
      return;
    }
    const now = Date.now();
    child.starts = [...child.starts.filter((time) => now - time < RESTART_WINDOW_MS), now];
    // The IPC channel is a lifeline: a child whose launcher vanishes (even by SIGKILL) sees it close and stops.
    const spawned = spawn(process.execPath, child.args, {
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.process = spawned;
    for (const stream of [spawned.stdout!, spawned.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${child.name}] ${line}\n`));
    }
    spawned.on('exit', (code, signal) => {
      if (this.stopping) {
        return;
      }
      process.stdout.write(`[${child.name}] exited (${signal ?? `code ${code}`})\n`);
      if (child.starts.length >= MAX_RESTARTS) {
        this.onFatal(`${child.name} keeps exiting; stopping everything`);
        return;
      }
      setTimeout(() => this.start(child), 1000);
    });
  }
}

/** Sends SIGTERM and resolves when the process has exited (at once if it already has). */
export function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
