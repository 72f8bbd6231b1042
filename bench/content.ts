import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { adminSite, type ApiClient } from '../test/support/api-client';
import { completed, distribute, publishedRepository } from '../test/support/distribute';
import { startEmbeddedCluster, stopEmbeddedCluster } from '../test/support/embedded-cluster';
import { FileFixtures, sha256 } from '../test/support/file-fixtures';
import { freePort } from '../test/support/free-port';
import { pollUntil } from '../test/support/poll';
import type { TestSite } from '../test/support/test-site';
import { cpuSeconds, expectOk, median, percentile, report } from './figures';
import { timedSync } from './sync';

const API = '/pulp/api/v3/';
const BASE_PATH = 'bench';
/** `telemetryLoad`: how telemetry's cost is measured for the file (see TELEMETRY). */
const FILES = [
  { label: '4 KiB', name: 'small.bin', bytes: randomBytes(4 * 1024), nginxTarget: 0.3, telemetryLoad: 'together' },
  {
    label: '1 MiB',
    name: 'large.bin',
    bytes: randomBytes(1024 * 1024),
    nginxTarget: undefined,
    telemetryLoad: 'in turn',
  },
] as const;
const BARE_NODE_TARGET = 0.9;
const TELEMETRY_TARGET = 0.9;
const WRK = { threads: 2, connections: 64, seconds: 10, warmUpSeconds: 2 };
/**
 * Telemetry's cost, in rounds of off, on and traced. A small file's serving is bound by the content
 * app's CPU, which is what telemetry adds to: the three are loaded at the same time ('together'),
 * each by a wrk of its own, so that they share the cores and whatever else the machine is doing at
 * that moment, and their CPU time per request is compared. Measured one after another, a few seconds
 * each, the same server's CPU time per request swung by up to 2× from one round to the next on this
 * machine (its neighbours), which no ratio of sequential rounds survives. A large file's serving is
 * bound by copying and by the clients, and loaded together the three measure their contention
 * instead (one answered 1.5 times as many as off): they are measured one after another ('in turn'),
 * in turn forwards and backwards, as the first of a round runs a few percent faster than the next
 * even when both are the same build.
 */
const TELEMETRY = { rounds: 6, seconds: 5, together: { threads: 1, connections: 32 } };
const ON_DEMAND_FILES = 20;
const ON_DEMAND_SIZE = 1024 * 1024;

/** One of the three servers wrk measures, serving the same stored files under the same paths. */
interface Server {
  label: string;
  baseUrl: string;
}

/**
 * Content app figures (spec: content-app.md §5): wrk against one content process serving a
 * published 4 KiB and 1 MiB file, next to the same stored files served (a) by nginx with one worker
 * process and (b) by a bare Node server (bench/bare-file-server.ts), the runtime's own limit; then
 * on_demand first-byte latency against a local upstream, next to the upstream's own. A second
 * content process with OpenTelemetry on (exporting to a local OTLP drain) gives the cost of
 * telemetry with its defaults (one new trace in ten), `telemetry_on_to_off`, and a third one the cost
 * with every request traced.
 */
export async function content(): Promise<void> {
  ensureInstalled('wrk', 'wrk');
  ensureInstalled('nginx', 'nginx-light');
  const cluster = await startEmbeddedCluster(await freePort());
  process.env.PULP_TEST_DATABASE_URL = cluster.url;
  const { site, client } = await adminSite();
  const scratch = mkdtempSync(join(tmpdir(), 'pulp-bench-content-'));
  const children: ChildProcess[] = [];
  let upstream: FileFixtures | undefined;
  const drain = await startOtlpDrain();
  try {
    const contentApp = await site.start('content', { args: ['--workers', '1'] });
    // The defaults (every metric, one new trace in ten, spans batched every 5 s, metrics every 60 s), as in production.
    const telemetryApp = await site.start('content', {
      args: ['--workers', '1'],
      env: { PULP_OTEL_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: drain.url },
    });
    const tracedApp = await site.start('content', {
      args: ['--workers', '1'],
      env: {
        PULP_OTEL_ENABLED: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: drain.url,
        OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      },
    });
    const repository = await publishedRepository(client);
    for (const file of FILES) {
      await completed(
        client,
        client.sendForm(`${API}content/file/files/`, file.bytes, { relative_path: file.name, repository }),
      );
    }
    const published = await client.call(`${API}publications/file/file/?repository_version=${repository}versions/2/`);
    expectOk((published.body as { count?: number }).count === 1, 'the version holding both files was autopublished');
    await distribute(client, BASE_PATH, repository);

    // nginx and the bare server serve the content app's own stored files, under its paths.
    const root = join(scratch, 'served');
    mkdirSync(join(root, 'pulp/content', BASE_PATH), { recursive: true });
    for (const file of FILES) {
      symlinkSync(artifactPath(site, file.bytes), join(root, contentPath(file.name)));
    }
    const nginxPort = await freePort();
    children.push(spawnNginx(scratch, root, nginxPort));
    const barePort = await freePort();
    children.push(
      spawn(process.execPath, [join(__dirname, 'bare-file-server.js'), root, String(barePort)], {
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    const servers: Server[] = [
      { label: 'nginx (1 worker process, sendfile)', baseUrl: `http://127.0.0.1:${nginxPort}` },
      { label: 'bare Node server (http + fs.createReadStream)', baseUrl: `http://127.0.0.1:${barePort}` },
      { label: 'content app (1 process)', baseUrl: contentApp.baseUrl! },
      { label: 'content app (1 process), telemetry on (defaults: 10% of traces)', baseUrl: telemetryApp.baseUrl! },
      { label: 'content app (1 process), telemetry on, every request traced', baseUrl: tracedApp.baseUrl! },
    ];
    for (const server of servers) {
      for (const file of FILES) {
        await expectServed(`${server.baseUrl}${contentPath(file.name)}`, file.bytes);
      }
    }

    // Each size: nginx, then the bare server, then the content app without and with telemetry (one trace
    // in ten, then all), one at a time (the others idle), each after a short unreported warm-up run.
    for (const file of FILES) {
      const rates: number[] = [];
      for (const server of servers) {
        const url = `${server.baseUrl}${contentPath(file.name)}`;
        await wrk(url, WRK.warmUpSeconds);
        const measured = await wrk(url, WRK.seconds);
        report(`${file.label} file, ${server.label}: requests/s`, measured.requestsPerSecond);
        report(`  p99 latency (ms)`, measured.p99Ms);
        rates.push(measured.requestsPerSecond);
      }
      const [nginxRate, bareRate, appRate] = rates;
      const nginxTarget = file.nginxTarget === undefined ? '' : ` (target ≥ ${file.nginxTarget.toFixed(2)})`;
      report(`  ${file.label} ratio_to_nginx${nginxTarget}`, appRate / nginxRate);
      report(`  ${file.label} ratio_to_bare_node (target ≥ ${BARE_NODE_TARGET})`, appRate / bareRate);
      const [off, on, traced] = [contentApp, telemetryApp, tracedApp].map((app) => ({
        url: `${app.baseUrl!}${contentPath(file.name)}`,
        pid: app.pid,
      }));
      const ratios = await telemetryRatios(off, on, traced, file.telemetryLoad);
      // Loaded together, requests/s follow each process's share of the cores, which is not equal (the
      // scheduler shares by thread, and a process with more busy threads gets more): CPU per request is
      // the figure there. Loaded in turn, each has the machine to itself: requests/s.
      const [figure, other] =
        file.telemetryLoad === 'together'
          ? [
              { label: 'CPU per request off ÷ on', on: ratios.cpuOn, traced: ratios.cpuTraced },
              { label: 'requests/s on ÷ off', on: ratios.on, traced: ratios.traced },
            ]
          : [
              { label: 'requests/s on ÷ off', on: ratios.on, traced: ratios.traced },
              { label: 'CPU per request off ÷ on', on: ratios.cpuOn, traced: ratios.cpuTraced },
            ];
      const how = `loaded ${file.telemetryLoad}, median of ${TELEMETRY.rounds} rounds`;
      report(`  ${file.label} telemetry_on_to_off (${figure.label}, ${how}; target ≥ ${TELEMETRY_TARGET})`, figure.on);
      report(`  ${file.label} telemetry_on_to_off, every request traced (${figure.label})`, figure.traced);
      report(`  ${file.label} ${other.label}, median`, other.on);
      report(`  ${file.label} ${other.label}, every request traced, median`, other.traced);
    }
    expectOk(drain.requests() > 0, 'the content app with telemetry on exported to the drain');

    upstream = await FileFixtures.start({ generated: { count: ON_DEMAND_FILES, size: ON_DEMAND_SIZE } });
    await onDemandFirstBytes(client, contentApp.baseUrl!, upstream);
  } finally {
    drain.server.close();
    await upstream?.close();
    await Promise.all(children.map(stop));
    await site.destroy();
    await stopEmbeddedCluster(cluster);
    rmSync(dirname(cluster.dataDir), { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Time to the first body byte of 20 on_demand files fetched through the content app for the first
 * time (each a download from the upstream), the second time (stored by then), and straight from
 * the upstream; one request at a time, each on a new connection.
 */
async function onDemandFirstBytes(client: ApiClient, contentOrigin: string, upstream: FileFixtures): Promise<void> {
  const synced = await timedSync(client, { url: upstream.url, policy: 'on_demand' }, { autopublish: true });
  const basePath = `${BASE_PATH}-on-demand`;
  await distribute(client, basePath, synced.repository);
  const names = Array.from({ length: ON_DEMAND_FILES }, (_v, n) => `file-${String(n).padStart(5, '0')}.bin`);
  const expected = new Map(names.map((name) => [name, sha256(readFileSync(join(upstream.dir, 'repo', name)))]));
  const round = async (url: (name: string) => string) => {
    const times: number[] = [];
    for (const name of names) {
      const fetched = await firstByte(url(name));
      expectOk(sha256(fetched.body) === expected.get(name), `${url(name)} served byte-exact`);
      times.push(fetched.ms);
    }
    return times;
  };
  const direct = await round((name) => upstream.fileUrl(name));
  const first = await round((name) => `${contentOrigin}/pulp/content/${basePath}/${name}`);
  const upstreamAfterFirst = names.map((name) => upstream.requests.get(name) ?? 0);
  const second = await round((name) => `${contentOrigin}/pulp/content/${basePath}/${name}`);
  const refetched = names.filter((name, n) => (upstream.requests.get(name) ?? 0) > upstreamAfterFirst[n]).length;
  report(`on_demand 1 MiB files (${ON_DEMAND_FILES}), first fetch: first byte p50 (ms)`, percentile(first, 50));
  report(`  p99 (ms)`, percentile(first, 99));
  report(`  second fetch (stored by then): first byte p50 (ms)`, percentile(second, 50));
  report(`  p99 (ms)`, percentile(second, 99));
  report(`  second fetches that went to the upstream again`, refetched);
  report(`  same files straight from the upstream: first byte p50 (ms)`, percentile(direct, 50));
  report(`  p99 (ms)`, percentile(direct, 99));
}

function contentPath(name: string): string {
  return `/pulp/content/${BASE_PATH}/${name}`;
}

/** Where the site stores an artifact (filesystem storage, MEDIA_ROOT = DEPLOY_ROOT/media). */
function artifactPath(site: TestSite, bytes: Buffer): string {
  const digest = sha256(bytes);
  const path = join(site.dir, 'media/artifact', digest.slice(0, 2), digest.slice(2));
  expectOk(existsSync(path), `artifact stored at ${path}`);
  return path;
}

/** Waits until `url` answers (the server may still be starting) and checks it serves `bytes`. */
export async function expectServed(url: string, bytes: Buffer): Promise<void> {
  const answer = await pollUntil(
    async () => {
      try {
        const response = await fetch(url);
        return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
      } catch {
        return undefined;
      }
    },
    (value) => value !== undefined,
    10_000,
  );
  expectOk(answer?.status === 200 && answer.body.equals(bytes), `${url} serves the file byte-exact`);
}

/** nginx with one worker process, in the foreground, everything it writes in `dir`. */
function spawnNginx(dir: string, root: string, port: number): ChildProcess {
  const built = spawnSync('nginx', ['-V'], { encoding: 'utf8' }).stderr;
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .filter((module) => module === 'client_body' || !built.includes(`--without-http_${module}_module`))
    .map((module) => `  ${module}_temp_path ${join(dir, `${module}-temp`)};`);
  const config = join(dir, 'nginx.conf');
  writeFileSync(
    config,
    [
      // As root, the worker would otherwise switch to `nobody`, who cannot read the site's files.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'worker_processes 1;',
      'daemon off;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'nginx-error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      '  sendfile on;',
      '  default_type application/octet-stream;',
      ...temps,
      `  server { listen 127.0.0.1:${port}; root ${root}; }`,
      '}',
      '',
    ].join('\n'),
  );
  return spawn('nginx', ['-p', dir, '-e', join(dir, 'nginx-error.log'), '-c', config], { stdio: 'ignore' });
}

/** A content process under measurement: the URL wrk asks for, and its process for its CPU time. */
interface Measured {
  url: string;
  pid: number;
}

/**
 * Rounds of off, on and traced (see TELEMETRY): the medians of the per-round ratios of requests/s to
 * off's, and of off's CPU time per request (from /proc) to theirs.
 */
async function telemetryRatios(
  off: Measured,
  on: Measured,
  traced: Measured,
  load: (typeof FILES)[number]['telemetryLoad'],
): Promise<{ on: number; traced: number; cpuOn: number; cpuTraced: number }> {
  const ratios = { on: [] as number[], traced: [] as number[], cpuOn: [] as number[], cpuTraced: [] as number[] };
  for (let round = 0; round < TELEMETRY.rounds; round++) {
    const rates = new Map<Measured, number>();
    const cpuPerRequest = new Map<Measured, number>();
    const measure = async (servers: Measured[], connections?: { threads: number; connections: number }) => {
      await Promise.all(servers.map((server) => wrk(server.url, 1, connections)));
      const cpuBefore = servers.map((server) => cpuSeconds(server.pid));
      const measured = await Promise.all(servers.map((server) => wrk(server.url, TELEMETRY.seconds, connections)));
      servers.forEach((server, n) => {
        rates.set(server, measured[n].requestsPerSecond);
        cpuPerRequest.set(server, (cpuSeconds(server.pid) - cpuBefore[n]) / measured[n].requests);
      });
    };
    if (load === 'together') {
      await measure([off, on, traced], TELEMETRY.together);
    } else {
      for (const server of round % 2 === 0 ? [off, on, traced] : [traced, on, off]) {
        await measure([server]);
      }
    }
    ratios.on.push(rates.get(on)! / rates.get(off)!);
    ratios.traced.push(rates.get(traced)! / rates.get(off)!);
    ratios.cpuOn.push(cpuPerRequest.get(off)! / cpuPerRequest.get(on)!);
    ratios.cpuTraced.push(cpuPerRequest.get(off)! / cpuPerRequest.get(traced)!);
  }
  return {
    on: median(ratios.on),
    traced: median(ratios.traced),
    cpuOn: median(ratios.cpuOn),
    cpuTraced: median(ratios.cpuTraced),
  };
}

/** requests/s, the number of requests and the 99th percentile latency of one wrk run. */
export async function wrk(
  url: string,
  seconds: number,
  { threads, connections }: { threads: number; connections: number } = WRK,
): Promise<{ requestsPerSecond: number; requests: number; p99Ms: number }> {
  const { stdout } = await promisify(execFile)('wrk', [
    `-t${threads}`,
    `-c${connections}`,
    `-d${seconds}s`,
    '--latency',
    url,
  ]);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const requests = /(\d+) requests in/.exec(stdout);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(stdout);
  expectOk(rate !== null && requests !== null && p99 !== null, `wrk output parsed:\n${stdout}`);
  const failed = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  expectOk(failed === null, `every answer of ${url} is a success (${failed?.[1]} were not)`);
  const errors = /Socket errors: (.*)/.exec(stdout);
  if (errors) {
    process.stderr.write(`wrk ${url}: socket errors: ${errors[1]}\n`);
  }
  const unit = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[p99![2] as 'us' | 'ms' | 's' | 'm'];
  return { requestsPerSecond: Number(rate![1]), requests: Number(requests![1]), p99Ms: Number(p99![1]) * unit };
}

/** Milliseconds from the request to the first body byte, on a new connection, and the whole body. */
function firstByte(url: string): Promise<{ ms: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstAt: number | undefined;
    const chunks: Buffer[] = [];
    get(url, { agent: false }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`${url} answered ${response.statusCode}`));
        return;
      }
      response.on('data', (chunk: Buffer) => {
        firstAt ??= performance.now();
        chunks.push(chunk);
      });
      response.once('end', () =>
        resolve({ ms: (firstAt ?? performance.now()) - started, body: Buffer.concat(chunks) }),
      );
      response.once('error', reject);
    }).once('error', reject);
  });
}

/** An OTLP/HTTP endpoint that reads and drops what it is sent, answering 200: the collector costs nothing. */
async function startOtlpDrain(): Promise<{ server: HttpServer; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    request.resume();
    request.once('end', () => response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
  };
}

/** Installs `pkg` from the distribution when `command` is not on the PATH. */
function ensureInstalled(command: string, pkg: string): void {
  if (spawnSync('which', [command]).status !== 0) {
    execFileSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit' });
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
