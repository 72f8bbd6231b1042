import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
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

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer: Server;
}
type Handler = (request: IncomingMessage, response: ServerResponse) => void;
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

/**
 * A real server of the S3 protocol on 127.0.0.1 (s3rver: pure JavaScript, from npm, so tests need no
 * binary or container), with one bucket, its data in a temporary directory removed by close().
 */
export class S3Server {
  readonly bucket = 'pulp';
  /** A client of the bucket, for suites to look at (or damage) what Pulp stored. */
  readonly client: S3Client;
  /** While true, every request's connection is dropped: storage is down. */
  failing = false;

  private constructor(
    private readonly server: S3rverInstance,
    private readonly dir: string,
    readonly endpoint: string,
  ) {
    this.client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    });
    // s3rver's own handler, behind one that can fail requests (an outage, halfway through a write).
    const http = server.httpServer;
    const [handler] = http.listeners('request') as Handler[];
    http.removeAllListeners('request');
    http.on('request', (request: IncomingMessage, response: ServerResponse) =>
      this.failing ? request.socket.destroy() : handler(request, response),
    );
  }

  static async start(): Promise<S3Server> {
    const dir = mkdtempSync(join(tmpdir(), 'pulp-s3-'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rver = require('s3rver') as S3rverClass;
    const port = await freePort();
    const server = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: 'pulp', configs: [] }],
    });
    await server.run();
    return new S3Server(server, dir, `http://127.0.0.1:${port}`);
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
    // Clients keep connections alive: close them, or close() waits for them.
    this.server.httpServer.closeAllConnections();
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
