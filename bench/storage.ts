import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { rmSync } from 'node:fs';
import { adminSite, type ApiClient } from '../test/support/api-client';
import { completed, distribute, publishedRepository } from '../test/support/distribute';
import { startEmbeddedCluster, stopEmbeddedCluster } from '../test/support/embedded-cluster';
import { FileFixtures } from '../test/support/file-fixtures';
import { freePort } from '../test/support/free-port';
import { S3Server } from '../test/support/s3-server';
import type { TestSite } from '../test/support/test-site';
import { expectServed, wrk } from './content';
import { cpuSeconds, median, report } from './figures';
import { timedSync } from './sync';

const FILES = 2_000;
const FILE_SIZE = 256 * 1024;
const CONCURRENCY = 10;
/** Sync rounds, each on new sites, the two storages in alternating order: one pair moved the ratio by ±0.1. */
const SYNC_ROUNDS = 3;
const SERVED = randomBytes(1024 * 1024);
const WRK_SECONDS = 10;
const SYNC_TARGET = 0.7;
const REDIRECT_TARGET = 2;

/**
 * Object storage against the filesystem, in one run (issue 16): an immediate sync of 2,000 ×
 * 256 KiB files into each (SYNC_ROUNDS rounds, the medians reported), and a 1 MiB file served by
 * one content process from each — from S3 both streamed (REDIRECT_TO_OBJECT_STORAGE=false) and
 * redirected (302 to a presigned URL; wrk does not follow it). The S3 server is s3rver on
 * 127.0.0.1, in a process of its own (as the tests run it).
 */
export async function storage(): Promise<void> {
  const cluster = await startEmbeddedCluster(await freePort());
  process.env.PULP_TEST_DATABASE_URL = cluster.url;
  const s3 = await S3Server.start();
  const sites: TestSite[] = [];
  const site = async (settings?: Record<string, unknown>) => {
    const made = await adminSite(settings);
    sites.push(made.site);
    return made;
  };
  const onS3 = () => site({ STORAGES: s3.storages(), MEDIA_ROOT: '' });
  let upstream: FileFixtures | undefined;
  try {
    upstream = await FileFixtures.start({ generated: { count: FILES, size: FILE_SIZE } });
    const megabytes = (FILES * FILE_SIZE) / 1e6;
    const remote = { url: upstream.url, policy: 'immediate', download_concurrency: CONCURRENCY };
    const rounds = { disk: [] as number[], object: [] as number[], ratio: [] as number[], s3rver: [] as number[] };
    for (let round = 0; round < SYNC_ROUNDS; round++) {
      // New sites each round: the files must be downloaded and stored again, not found stored.
      const [filesystem, object] = await Promise.all([site(), onS3()]);
      const syncOnDisk = () => timedSync(filesystem.client, remote);
      const syncOnS3 = async () => {
        const cpuBefore = cpuSeconds(s3.pid);
        const synced = await timedSync(object.client, remote);
        // On a small machine s3rver (JavaScript: signatures, MD5, metadata files) takes a core of its own.
        rounds.s3rver.push((cpuSeconds(s3.pid) - cpuBefore) / synced.wallSeconds);
        return synced;
      };
      const first = round % 2 === 0 ? await syncOnDisk() : await syncOnS3();
      const second = round % 2 === 0 ? await syncOnS3() : await syncOnDisk();
      const [onDisk, inBucket] = round % 2 === 0 ? [first, second] : [second, first];
      rounds.disk.push(megabytes / onDisk.seconds);
      rounds.object.push(megabytes / inBucket.seconds);
      rounds.ratio.push(onDisk.seconds / inBucket.seconds);
      await Promise.all(sites.splice(0).map((done) => done.destroy()));
    }
    const each = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');
    report(`immediate sync of 2,000 × 256 KiB files, filesystem (MB/s), median of ${SYNC_ROUNDS}`, median(rounds.disk));
    report(`same sync, S3 (s3rver on 127.0.0.1) (MB/s), median of ${SYNC_ROUNDS}`, median(rounds.object));
    report('  s3rver CPU seconds during it, per second of sync, median', median(rounds.s3rver));
    report(`  sync S3 to filesystem, median of the rounds' ratios (target ≥ ${SYNC_TARGET})`, median(rounds.ratio));
    process.stdout.write(`  the rounds' ratios: ${each(rounds.ratio)}\n`);

    const [filesystem, object] = await Promise.all([site(), onS3()]);
    const fromDisk = await servedFrom(filesystem.site, filesystem.client);
    const streamed = await servedFrom(object.site, object.client, { PULP_REDIRECT_TO_OBJECT_STORAGE: 'false' });
    const redirected = await servedFrom(object.site, object.client);
    report('1 MiB file, content app (1 process), filesystem: requests/s', fromDisk);
    report('1 MiB file, content app (1 process), S3 streamed: requests/s', streamed);
    report('1 MiB file, content app (1 process), S3 redirected (302): requests/s', redirected);
    report('  streamed S3 to filesystem', streamed / fromDisk);
    report(`  redirected to streamed, S3 (target ≥ ${REDIRECT_TARGET})`, redirected / streamed);
  } finally {
    await upstream?.close();
    await Promise.all(sites.map((done) => done.destroy()));
    await s3.close();
    await stopEmbeddedCluster(cluster);
    rmSync(dirname(cluster.dataDir), { recursive: true, force: true });
  }
}

/** The 1 MiB file published on `site` and served by a new content process (`env`): its requests/s under wrk. */
async function servedFrom(site: TestSite, client: ApiClient, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const basePath = `bench-${Math.random().toString(36).slice(2)}`;
  const repository = await publishedRepository(client);
  await completed(
    client,
    client.sendForm('/pulp/api/v3/content/file/files/', SERVED, { relative_path: 'large.bin', repository }),
  );
  await distribute(client, basePath, repository);
  const app = await site.start('content', { args: ['--workers', '1'], env });
  const url = `${app.baseUrl}/pulp/content/${basePath}/large.bin`;
  await expectServed(url, SERVED);
  await wrk(url, 2);
  return (await wrk(url, WRK_SECONDS)).requestsPerSecond;
}
