import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { adminSite, type ApiClient, type Json } from '../test/support/api-client';
import { startEmbeddedCluster, stopEmbeddedCluster } from '../test/support/embedded-cluster';
import { FileFixtures } from '../test/support/file-fixtures';
import { createFileRemote } from '../test/support/file-remotes';
import { freePort } from '../test/support/free-port';
import { pollUntil } from '../test/support/poll';
import type { TestSite } from '../test/support/test-site';
import { expectOk, report } from './figures';

const MANIFEST_LINES = 100_000;
const FILES = 2_000;
const FILE_SIZE = 256 * 1024;
const CONCURRENCY = 10;

/**
 * File sync figures (spec: file-plugin §3–4), against a local upstream started here: (a) an
 * on_demand sync of a 100,000-line manifest, its seconds and the task process's peak RSS; (b) an
 * immediate sync of 2,000 × 256 KiB files in MB/s, next to its limit measured in the same run: a
 * minimal Node script downloading the same files with the same concurrency (keep-alive, each file
 * hashed with sha256 and written to disk), and the same sync recording sha256 only.
 */
export async function sync(): Promise<void> {
  const cluster = await startEmbeddedCluster(await freePort());
  process.env.PULP_TEST_DATABASE_URL = cluster.url;
  const { site, client } = await adminSite();
  const upstreams: FileFixtures[] = [];
  const sites = [site];
  try {
    const large = await FileFixtures.start({ virtual: MANIFEST_LINES });
    upstreams.push(large);
    const lazy = await timedSync(client, { url: large.url, policy: 'on_demand' });
    expectOk(addedCount(lazy.task) === MANIFEST_LINES, 'all lines synced');
    report('on_demand sync of a 100,000-line manifest (s, task run time)', lazy.seconds);
    report('  same, request to final state (s)', lazy.wallSeconds);
    report('task process peak RSS during it (MiB, target < 300)', taskProcessPeakRssMiB(site));

    const files = await FileFixtures.start({ generated: { count: FILES, size: FILE_SIZE } });
    upstreams.push(files);
    const megabytes = (FILES * FILE_SIZE) / 1e6;
    const eager = await timedSync(client, {
      url: files.url,
      policy: 'immediate',
      download_concurrency: CONCURRENCY,
    });
    expectOk(addedCount(eager.task) === FILES, 'all files synced');
    const syncRate = megabytes / eager.seconds;
    report('immediate sync of 2,000 × 256 KiB files (s, task run time)', eager.seconds);
    report('immediate sync throughput (MB/s)', syncRate);
    const plainSeconds = await plainDownload(files, CONCURRENCY);
    const plainRate = megabytes / plainSeconds;
    report(`plain parallel download, ${CONCURRENCY} at a time, sha256 + disk (MB/s)`, plainRate);
    report('ratio_to_plain_download (target ≥ 0.7)', syncRate / plainRate);
    report('task process peak RSS after both syncs (MiB)', taskProcessPeakRssMiB(site));

    // What the default ALLOWED_CONTENT_CHECKSUMS (4 digests per file, as Pulp computes) cost: the
    // same sync on a site that records sha256 only.
    const lean = await adminSite({ ALLOWED_CONTENT_CHECKSUMS: ['sha256'] });
    sites.push(lean.site);
    const sha256Only = await timedSync(lean.client, {
      url: files.url,
      policy: 'immediate',
      download_concurrency: CONCURRENCY,
    });
    report('same sync, ALLOWED_CONTENT_CHECKSUMS = [sha256] (MB/s)', megabytes / sha256Only.seconds);
    report('  its ratio_to_plain_download', megabytes / sha256Only.seconds / plainRate);
  } finally {
    await Promise.all(upstreams.map((fixtures) => fixtures.close()));
    await Promise.all(sites.map((each) => each.destroy()));
    await stopEmbeddedCluster(cluster);
  }
}

/**
 * Syncs a new repository (with `repositoryFields`) from a new remote; the repository, the task's
 * own run time and the request-to-end time.
 */
export async function timedSync(
  client: ApiClient,
  remote: { url: string } & Json,
  repositoryFields: Json = {},
): Promise<{ repository: string; seconds: number; wallSeconds: number; task: Json }> {
  const remoteHref = await createFileRemote(client, remote);
  const created = await client.send('/pulp/api/v3/repositories/file/file/', {
    name: `bench-${Math.random()}`,
    ...repositoryFields,
  });
  const repository = (created.body as { pulp_href: string }).pulp_href;
  const started = performance.now();
  const accepted = await client.send(`${repository}sync/`, { remote: remoteHref });
  const taskHref = (accepted.body as { task: string }).task;
  const task = await pollUntil(
    async () => (await client.call(taskHref)).body as Json,
    (body) => ['completed', 'failed', 'canceled'].includes(String(body.state)),
    600_000,
    100,
  );
  const wallSeconds = (performance.now() - started) / 1000;
  expectOk(task.state === 'completed', `sync completed (${JSON.stringify(task.error)})`);
  const seconds = (Date.parse(String(task.finished_at)) - Date.parse(String(task.started_at))) / 1000;
  return { repository, seconds, wallSeconds, task };
}

/** The worker's task process (its one child) runs the tasks: its high-water mark is the sync's. */
function taskProcessPeakRssMiB(site: TestSite): number {
  const worker = site.processes.find((process) => process.baseUrl === undefined)!;
  const [child] = readFileSync(`/proc/${worker.pid}/task/${worker.pid}/children`, 'utf8').trim().split(/\s+/);
  const status = readFileSync(`/proc/${child}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** The limit: the same files fetched by a few lines of Node in their own process. */
async function plainDownload(fixtures: FileFixtures, concurrency: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'pulp-bench-plain-'));
  const script = `
    const http = require('node:http'), fs = require('node:fs'), crypto = require('node:crypto');
    const { pipeline } = require('node:stream/promises');
    const agent = new http.Agent({ keepAlive: true, maxSockets: ${concurrency} });
    const urls = ${JSON.stringify(Array.from({ length: FILES }, (_v, n) => fixtures.fileUrl(`file-${String(n).padStart(5, '0')}.bin`)))};
    let next = 0;
    const get = (url, n) => new Promise((resolve, reject) => http.get(url, { agent }, (response) => {
      const hash = crypto.createHash('sha256');
      response.on('data', (chunk) => hash.update(chunk));
      pipeline(response, fs.createWriteStream(${JSON.stringify(dir)} + '/' + n)).then(() => resolve(hash.digest('hex')), reject);
    }).on('error', reject));
    const lane = async () => { while (next < urls.length) { const n = next++; await get(urls[n], n); } };
    const started = process.hrtime.bigint();
    Promise.all(Array.from({ length: ${concurrency} }, lane)).then(() => {
      process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e9));
      agent.destroy();
    });`;
  try {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expectOk(code === 0, 'plain download');
    return Number(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function addedCount(task: Json): number | undefined {
  const result = task.result as { content_summary: { added: Record<string, { count: number }> } } | null;
  return result?.content_summary.added['file.file']?.count;
}
