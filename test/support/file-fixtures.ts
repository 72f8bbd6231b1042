import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';

/** A file the fixture lists in its manifest. */
export interface FixtureFile {
  path: string;
  content: Buffer;
}

export interface FixtureOptions {
  /** Files to serve and list; by default none. */
  files?: Array<{ path: string; content: string | Buffer }>;
  /** Also `count` generated files of `size` random bytes each (`file-00000.bin`, …). */
  generated?: { count: number; size: number };
  /** Listed files (no bytes anywhere): `virtual/<n>.bin`, for on-demand syncs of large manifests. */
  virtual?: number;
  /** Every request must carry these Basic credentials (401 otherwise). */
  auth?: { username: string; password: string };
  /** Listed paths the server answers with 404. */
  missing?: string[];
  /** Listed paths served with bytes that do not match the manifest's checksum (same size). */
  corrupt?: string[];
  /** Listed paths whose answer waits `delayMs` before its headers (timeouts). */
  slow?: { paths: string[]; delayMs: number };
  /** Listed paths whose connection is dropped halfway through the body. */
  dropped?: string[];
  /** Listed paths whose body stops halfway, the connection left open until the fixture closes. */
  stalled?: string[];
  /** Listed paths whose first answer waits, before its headers, until `release()` (later ones do not). */
  held?: string[];
  /** The manifest's name (last URL segment). */
  manifestName?: string;
}

/**
 * An upstream for file syncs: files and their PULP_MANIFEST in a temporary directory, served on
 * 127.0.0.1 with the faults a test asks for. Counts the requests per path.
 */
export class FileFixtures {
  readonly requests = new Map<string, number>();
  /** Delayed answers, dropped at close so that nothing outlives the fixture. */
  private readonly delays = new Set<NodeJS.Timeout>();
  /** Answers waiting for `release()`. */
  private readonly holds: Array<() => void> = [];
  private server!: Server;
  private port = 0;
  private manifestName: string;
  readonly dir = mkdtempSync(join(tmpdir(), 'pulp-file-fixtures-'));

  private constructor(private options: FixtureOptions) {
    this.manifestName = options.manifestName ?? 'PULP_MANIFEST';
  }

  static async start(options: FixtureOptions = {}): Promise<FileFixtures> {
    const fixtures = new FileFixtures(options);
    fixtures.write(options);
    fixtures.server = createServer((request, response) => void fixtures.serve(request, response));
    fixtures.server.listen(0, '127.0.0.1');
    await once(fixtures.server, 'listening');
    fixtures.port = (fixtures.server.address() as AddressInfo).port;
    return fixtures;
  }

  /** Where the manifest is (the remote's `url`). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/repo/${this.manifestName}`;
  }

  /** The URL of a listed path. */
  fileUrl(path: string): string {
    return `http://127.0.0.1:${this.port}/repo/${path}`;
  }

  /** Replaces what is served (and the faults): the upstream changed. Returns the listed files. */
  write(options: FixtureOptions): FixtureFile[] {
    this.options = { ...options, manifestName: this.manifestName };
    rmSync(join(this.dir, 'repo'), { recursive: true, force: true });
    const files: FixtureFile[] = (options.files ?? []).map(({ path, content }) => ({
      path,
      content: Buffer.from(content),
    }));
    for (let n = 0; n < (options.generated?.count ?? 0); n++) {
      files.push({ path: `file-${String(n).padStart(5, '0')}.bin`, content: randomBytes(options.generated!.size) });
    }
    const lines: string[] = [];
    for (const file of files) {
      lines.push(`${file.path},${sha256(file.content)},${file.content.length}`);
      const onDisk = options.corrupt?.includes(file.path) ? Buffer.from(file.content).fill(0x21) : file.content;
      const target = join(this.dir, 'repo', file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, onDisk);
    }
    mkdirSync(join(this.dir, 'repo'), { recursive: true });
    this.writeManifestLines(lines, options.virtual ?? 0);
    return files;
  }

  /** Serves `text` as the manifest as it is (invalid lines, unsafe paths). */
  writeManifest(text: string): void {
    writeFileSync(join(this.dir, 'repo', this.manifestName), text);
  }

  /** Lets the held answers go. */
  release(): void {
    this.holds.splice(0).forEach((resume) => resume());
  }

  async close(): Promise<void> {
    this.release();
    this.delays.forEach((delay) => clearTimeout(delay));
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private writeManifestLines(lines: string[], virtual: number): void {
    const path = join(this.dir, 'repo', this.manifestName);
    if (virtual === 0) {
      writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
      return;
    }
    // Large manifests are written in one go too, but never kept whole as one string.
    const chunks = [lines.map((line) => `${line}\n`).join('')];
    for (let n = 0; n < virtual; n++) {
      chunks.push(`virtual/${n}.bin,${sha256(Buffer.from(`virtual ${n}`))},${1000 + (n % 1000)}\n`);
    }
    writeFileSync(path, chunks.join(''));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/repo\//, '');
    this.requests.set(path, (this.requests.get(path) ?? 0) + 1);
    const { auth, missing, slow, dropped, stalled, held } = this.options;
    if (auth && request.headers.authorization !== basic(auth.username, auth.password)) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="fixtures"' }).end();
      return;
    }
    if (missing?.includes(path) || path.split('/').some((segment) => segment === '..')) {
      response.writeHead(404).end();
      return;
    }
    if (slow?.paths.includes(path)) {
      await new Promise<void>((resolve) => {
        const delay = setTimeout(() => {
          this.delays.delete(delay);
          resolve();
        }, slow.delayMs);
        this.delays.add(delay);
      });
    }
    if (held?.includes(path) && this.requests.get(path) === 1) {
      await new Promise<void>((resume) => this.holds.push(resume));
    }
    const file = join(this.dir, 'repo', path);
    const stream = createReadStream(file);
    stream.once('error', () => {
      if (!response.headersSent) {
        response.writeHead(404).end();
      }
    });
    stream.once('open', () => {
      if (dropped?.includes(path) || stalled?.includes(path)) {
        void this.sendHalf(stream, response, dropped?.includes(path) ?? false);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      stream.pipe(response);
    });
  }

  /** Announces the whole length, sends part of it, then cuts the connection or leaves it hanging. */
  private async sendHalf(stream: NodeJS.ReadableStream, response: ServerResponse, cut: boolean): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    response.writeHead(200, { 'content-length': body.length });
    response.write(body.subarray(0, Math.floor(body.length / 2)));
    if (cut) {
      setTimeout(() => response.socket?.destroy(), 20);
    }
  }
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
