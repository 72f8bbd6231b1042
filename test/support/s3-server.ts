import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { freePort } from './free-port';

/** s3rver's one built-in account (it accepts no other credentials). */
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

/**
 * What the server does with requests: `ok` answers them; `fail` drops each connection (storage
 * down); `hold` keeps each upload (PUT) unanswered, unread, until the mode is `ok` again (storage
 * stalled halfway through a write).
 */
export type S3Mode = 'ok' | 'fail' | 'hold';

/**
 * s3rver in a process of its own (its work would otherwise share one thread with the test's or
 * benchmark's other servers), behind a handler that applies the mode the parent sets over IPC
 * (`{mode}`, acknowledged; each held request is reported as `{held}`).
 */
const SERVER_SCRIPT = `
  const S3rver = require(${JSON.stringify(require.resolve('s3rver'))});
  const [port, directory] = process.argv.slice(1);
  let mode = 'ok';
  const held = [];
  const server = new S3rver({
    address: '127.0.0.1', port: Number(port), silent: true, directory,
    configureBuckets: [{ name: 'pulp', configs: [] }],
  });
  server.run().then(() => {
    const http = server.httpServer;
    const [handler] = http.listeners('request');
    http.removeAllListeners('request');
    http.on('request', (request, response) => {
      if (mode === 'fail') {
        request.socket.destroy();
      } else if (mode === 'hold' && request.method === 'PUT') {
        held.push(() => handler(request, response));
        process.send({ held: held.length });
      } else {
        handler(request, response);
      }
    });
    process.on('message', (message) => {
      mode = message.mode;
      if (mode !== 'hold') {
        held.splice(0).forEach((answer) => answer());
      }
      process.send({ mode });
    });
    process.send({ ready: true });
  });
  process.on('disconnect', () => process.exit(0));
`;

/**
 * A real server of the S3 protocol on 127.0.0.1 (s3rver: pure JavaScript, from npm, so tests need no
 * binary or container), with one bucket, its data in a temporary directory removed by close().
 */
export class S3Server {
  readonly bucket = 'pulp';
  /** A client of the bucket, for suites to look at (or damage) what Pulp stored. */
  readonly client: S3Client;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly endpoint: string,
  ) {
    this.client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    });
  }

  static async start(): Promise<S3Server> {
    const dir = mkdtempSync(join(tmpdir(), 'pulp-s3-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['-e', SERVER_SCRIPT, String(port), dir], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit')])) as unknown[];
    if (!(message as { ready?: boolean } | null)?.ready) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error('s3rver did not start');
    }
    return new S3Server(child, dir, `http://127.0.0.1:${port}`);
  }

  /** The server's process (benchmarks read its CPU time). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Sets what the server does with requests; resolves once it does. */
  async setMode(mode: S3Mode): Promise<void> {
    const acknowledged = new Promise<void>((resolve) => {
      const listener = (message: { mode?: S3Mode }) => {
        if (message.mode === mode) {
          this.child.off('message', listener);
          resolve();
        }
      };
      this.child.on('message', listener);
    });
    this.child.send({ mode });
    await acknowledged;
  }

  /** Resolves once `count` uploads are held (mode `hold`). */
  held(count: number): Promise<void> {
    return new Promise((resolve) => {
      const listener = (message: { held?: number }) => {
        if ((message.held ?? 0) >= count) {
          this.child.off('message', listener);
          resolve();
        }
      };
      this.child.on('message', listener);
    });
  }

  /** STORAGES as a site's settings spell it, for this bucket (path-style addressing, as s3rver wants). */
  storages(options: Record<string, unknown> = {}): {
    default: { BACKEND: string; OPTIONS: Record<string, unknown> };
  } {
    return {
      default: {
        BACKEND: 'storages.backends.s3.S3Storage',
        OPTIONS: {
          bucket_name: this.bucket,
          endpoint_url: this.endpoint,
          access_key: ACCESS_KEY,
          secret_key: SECRET_KEY,
          region_name: 'us-east-1',
          addressing_style: 'path',
          ...options,
        },
      },
    };
  }

  /** Every key in the bucket (under `prefix`). */
  async keys(prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.NextContinuationToken;
    } while (token);
    return keys.sort();
  }

  async put(key: string, body: string | Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body }));
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async close(): Promise<void> {
    this.client.destroy();
    if (this.child.exitCode === null) {
      this.child.kill();
      await once(this.child, 'exit');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
