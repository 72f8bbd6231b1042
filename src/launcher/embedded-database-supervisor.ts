import { fork, type ChildProcess } from 'node:child_process';
import type { PulpLogger } from '@pulp/logging';
import { StartupError } from '../boot';
import { removeStalePidFile, type EmbeddedDatabaseMessage } from './postmaster-watch';
import { stopProcess } from './supervisor';

/** The first restart waits this long; each failed one doubles it, up to MAX_DELAY_MS. */
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** A cluster that ran this long counts as healthy again: its next death restarts it at once. */
const HEALTHY_AFTER_MS = 60_000;

/**
 * Runs embedded-postgres-server (in a process group of its own, so that Ctrl-C does not stop the
 * database before the servers have said goodbye) and keeps it running: when its postmaster dies
 * (SIGKILL, a crash, the OOM killer) or the helper itself does, it logs one line and starts it
 * again, backing off while the restarts fail. The API, content app and workers reconnect by
 * themselves; meanwhile they answer 503 or retry.
 */
export class EmbeddedDatabaseSupervisor {
  private child?: ChildProcess;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private delay = FIRST_DELAY_MS;

  constructor(
    private readonly script: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly dataDir: string,
    private readonly logger: PulpLogger,
  ) {}

  /** Starts the cluster and resolves once it accepts connections; a first start that fails stops the launcher. */
  async start(): Promise<void> {
    try {
      this.supervise(await this.spawn());
    } catch (error) {
      throw new StartupError(`The embedded PostgreSQL did not start (${(error as Error).message}); see the log above.`);
    }
  }

  /** Stops the cluster (the helper stops PostgreSQL first) and supervises no more. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await stopProcess(this.child);
  }

  /** The helper, once it has reported the cluster ready; rejects when it exits first. */
  private spawn(): Promise<ChildProcess> {
    const child = fork(this.script, [], { env: this.env, detached: true });
    this.child = child;
    return new Promise((resolve, reject) => {
      const onMessage = (message: EmbeddedDatabaseMessage) => {
        if ('ready' in message) {
          child.off('exit', onExit);
          resolve(child);
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        child.off('message', onMessage);
        reject(new Error(`exit ${signal ?? `code ${code}`}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  /** Restarts the cluster when its running helper goes. */
  private supervise(child: ChildProcess): void {
    const started = Date.now();
    let gonePid: number | undefined;
    child.on('message', (message: EmbeddedDatabaseMessage) => {
      if ('gone' in message) {
        gonePid = message.gone;
      }
    });
    child.once('exit', (code, signal) => {
      if (this.stopping) {
        return;
      }
      if (Date.now() - started >= HEALTHY_AFTER_MS) {
        this.delay = FIRST_DELAY_MS;
      }
      const what =
        gonePid !== undefined
          ? `The embedded PostgreSQL died (postmaster pid ${gonePid} is gone)`
          : `The embedded PostgreSQL's helper exited (${signal ?? `code ${code}`})`;
      this.logger.error(`${what}; restarting it in ${this.delay / 1000} s`, 'launcher');
      this.scheduleRestart(gonePid);
    });
  }

  private scheduleRestart(gonePid: number | undefined): void {
    this.restartTimer = setTimeout(() => void this.restart(gonePid), this.delay);
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
  }

  private async restart(gonePid: number | undefined): Promise<void> {
    if (this.stopping) {
      return;
    }
    if (gonePid !== undefined) {
      removeStalePidFile(this.dataDir, gonePid);
    }
    let child: ChildProcess;
    try {
      child = await this.spawn();
    } catch (error) {
      if (!this.stopping) {
        this.logger.error(
          `The embedded PostgreSQL did not restart (${(error as Error).message}); trying again in ${this.delay / 1000} s`,
          'launcher',
        );
        this.scheduleRestart(gonePid);
      }
      return;
    }
    this.logger.log('The embedded PostgreSQL is running again', 'launcher');
    this.supervise(child);
  }
}
