import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createRepository, RepositoryVersions } from '@pulp/core';
import { databaseOf, sqlOf } from '@pulp/database';
import { ADMIN } from '../test/support/api-client';
import { startEmbeddedCluster, stopEmbeddedCluster } from '../test/support/embedded-cluster';
import { freePort } from '../test/support/free-port';
import type { PulpProcess } from '../test/support/pulp-process';
import { TestSite } from '../test/support/test-site';
import { expectOk, percentile, report } from './figures';

const CONTENT = 1_000_000;
const REPOSITORIES = 1_000;
const CLIENTS = 16;
const SECONDS = 10;

/**
 * REST figures (issue 4) on a loaded database — 1,000,000 content units in 1,000 repositories of
 * 1,000 units each (one version each): a new version adding 100,000 units; a deep page of the
 * generic content list and filtered lists under 16 concurrent clients (p50/p99, requests/s) with
 * one API process, and its peak RSS.
 */
export async function api(): Promise<void> {
  const cluster = await startEmbeddedCluster(await freePort());
  process.env.PULP_TEST_DATABASE_URL = cluster.url;
  const site = await TestSite.create();
  const url = new URL(cluster.url);
  url.pathname = `/${site.databaseName}`;
  const pool = new Pool({ connectionString: url.toString(), max: 4 });
  try {
    const seeded = performance.now();
    const repository = await seed(pool);
    report('seeding 1,000,000 content units in 1,000 repositories (s)', (performance.now() - seeded) / 1000);
    report('new version adding 100,000 units, by id list (s)', await newVersion(pool, 'ids'));
    report('new version adding 100,000 units, by query (s)', await newVersion(pool, 'query'));
    expectOk((await site.manager(['reset-admin-password', '--password', 'pw'])).code === 0, 'admin password');
    const apiProcess = await site.start('api');
    const version = `/pulp/api/v3/repositories/bench/thing/${repository}/versions/1/`;
    const lists: Array<[string, string]> = [
      ['GET /content/?limit=100&offset=500000', '/pulp/api/v3/content/?limit=100&offset=500000'],
      [
        'GET /content/?repository_version=<v>&limit=100',
        `/pulp/api/v3/content/?repository_version=${version}&limit=100`,
      ],
      ['GET /repositories/?limit=100', '/pulp/api/v3/repositories/?limit=100'],
      ['GET /repositories/?name__startswith=repo-99&limit=100', '/pulp/api/v3/repositories/?name__startswith=repo-99'],
    ];
    for (const [label, path] of lists) {
      const { coldMs, latencies, perSecond } = await load(apiProcess, path);
      report(`${label}: first request, nothing cached (ms)`, coldMs);
      report(`${label}: p50 (ms), ${CLIENTS} clients`, percentile(latencies, 50));
      report(`${label}: p99 (ms), ${CLIENTS} clients`, percentile(latencies, 99));
      report(`${label}: requests/s`, perSecond);
    }
    report('API process peak RSS (MiB)', peakRssMiB(apiProcess));
    process.stdout.write('(real Pulp 3.102, same machine: 100-item repository list 5.4 req/s, p99 2000 ms)\n');
  } finally {
    await pool.end();
    await site.destroy();
    await stopEmbeddedCluster(cluster);
  }
}

/** Seeds with set-based SQL; returns the id of one repository (for the filtered list). */
async function seed(pool: Pool): Promise<string> {
  const domain = `(SELECT pulp_id FROM core_domain WHERE name = 'default')`;
  await pool.query(`
    INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name, next_version)
    SELECT pulp_uuid7(), ${domain}, 'bench.thing', 'repo-' || n, 2 FROM generate_series(1, ${REPOSITORIES}) n`);
  await pool.query(`
    INSERT INTO core_repositoryversion (pulp_id, repository_id, number, complete, content_summary)
    SELECT pulp_uuid7(), r.pulp_id, n, true, '{"added": {}, "removed": {}, "present": {}}'
      FROM core_repository r, generate_series(0, 1) n`);
  await pool.query(`
    INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
    SELECT pulp_uuid7(), ${domain}, 'bench.thing' FROM generate_series(1, ${CONTENT})`);
  await pool.query(`
    INSERT INTO core_contentartifact (pulp_id, content_id, relative_path)
    SELECT pulp_uuid7(), pulp_id, 'file-' || pulp_id FROM core_content`);
  // Unit i goes to repository i mod 1000, added in version 1.
  await pool.query(`
    WITH repos AS (SELECT pulp_id, row_number() OVER (ORDER BY pulp_id) - 1 AS i FROM core_repository),
         units AS (SELECT pulp_id, row_number() OVER (ORDER BY pulp_id) - 1 AS i FROM core_content)
    INSERT INTO core_repositorycontent (repository_id, content_id, added_number)
    SELECT repos.pulp_id, units.pulp_id, 1 FROM units JOIN repos ON repos.i = units.i % ${REPOSITORIES}`);
  await pool.query('ANALYZE');
  const { rows } = await pool.query<{ pulp_id: string }>("SELECT pulp_id FROM core_repository WHERE name = 'repo-1'");
  return rows[0].pulp_id;
}

/** Seconds to build, with the version engine, a new repository's version 1 holding 100,000 of the seeded units. */
async function newVersion(pool: Pool, by: 'ids' | 'query'): Promise<number> {
  const sql = sqlOf(pool);
  const [{ pulp_id: domainId }] = await sql<{ pulp_id: string }>(
    "SELECT pulp_id FROM core_domain WHERE name = 'default'",
  );
  const { id } = await createRepository(sql, { domainId, pulpType: 'bench.thing', name: `new-by-${by}` });
  const units = 'SELECT pulp_id FROM core_content ORDER BY pulp_id LIMIT 100000';
  const ids = (await sql<{ pulp_id: string }>(units)).map((row) => row.pulp_id);
  const started = performance.now();
  const version = await new RepositoryVersions(databaseOf(pool)).build(id, (next) =>
    by === 'ids' ? next.add(ids) : next.add({ text: units, params: [] }),
  );
  const elapsed = (performance.now() - started) / 1000;
  expectOk(version?.number === 1, `version 1 of ${id} was built`);
  return elapsed;
}

/**
 * The first request for `path` (nothing cached), then `CLIENTS` clients requesting it back to back
 * for `SECONDS` (pages cached until a table changes): each latency, and the rate.
 */
async function load(
  apiProcess: PulpProcess,
  path: string,
): Promise<{ coldMs: number; latencies: number[]; perSecond: number }> {
  const target = `${apiProcess.baseUrl}${path}`;
  const cold = performance.now();
  const first = await fetch(target, { headers: ADMIN });
  expectOk(first.status === 200, `${path} answered ${first.status}: ${await first.text()}`);
  const coldMs = performance.now() - cold;
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const response = await fetch(target, { headers: ADMIN });
      await response.arrayBuffer();
      expectOk(response.status === 200, `${path} answered ${response.status}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return { coldMs, latencies, perSecond: latencies.length / SECONDS };
}

/** VmHWM: the most resident memory the process ever had. */
function peakRssMiB(process: PulpProcess): number {
  const status = readFileSync(`/proc/${process.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}
