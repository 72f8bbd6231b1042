import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DIST } from './embedded-cluster';

export type Entrypoint = 'pulpcore-api' | 'pulpcore-content' | 'pulpcore-worker' | 'pulpcore-manager';

/** A built entrypoint running as a child process, with everything it printed. */
export class PulpProcess {
  private text = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string | undefined,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    }
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get output(): string {
    return this.text;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves when `pattern` appears in the output; rejects if the process exits or `ms` pass first. */
  async waitFor(pattern: RegExp, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pattern.test(this.text)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`process exited before printing ${pattern}:\n${this.text}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${pattern}:\n${this.text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends `signal` and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
    }
    await this.exited;
  }
}

/** Spawns `dist/src/<entrypoint>.js` in `cwd` with exactly `env` (plus PATH): nothing leaks from the test runner. */
export function spawnEntrypoint(
  entrypoint: Entrypoint,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; baseUrl?: string },
): PulpProcess {
  const child = spawn(process.execPath, [join(DIST, `${entrypoint}.js`), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: options.cwd, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new PulpProcess(child, options.baseUrl);
}

/** Runs an entrypoint to completion (e.g. a manager command). */
export async function runEntrypoint(
  entrypoint: Entrypoint,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<{ code: number | null; output: string }> {
  const process = spawnEntrypoint(entrypoint, args, options);
  process.child.stdin!.end(options.input ?? '');
  const { code } = await process.exited;
  return { code, output: process.output };
}
