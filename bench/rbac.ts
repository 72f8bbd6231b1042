import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { ADMIN, ApiClient } from '../test/support/api-client';
import { startEmbeddedCluster, stopEmbeddedCluster } from '../test/support/embedded-cluster';
import { freePort } from '../test/support/free-port';
import type { PulpProcess } from '../test/support/pulp-process';
import { createUser } from '../test/support/rbac';
import { TestSite } from '../test/support/test-site';
import { expectOk, percentile, report } from './figures';

const REPOSITORIES = 100_000;
/** Every tenth repository: the user's rows are spread over the whole table, not its first pages. */
const EVERY = 10;
const CLIENTS = 16;
/** Seconds measured per caller, in `ROUNDS` alternating turns. */
const SECONDS = 10;
const ROUNDS = 5;
/** Requests per basic-auth figure (one client, one after the other). */
const AUTH_SAMPLES = 20;
const LIST = '/pulp/api/v3/repositories/file/file/?limit=100';

/**
 * RBAC figures (issue 14): with 100,000 file repositories, an ordinary user holding
 * file.filerepository_viewer on 10,000 of them lists repositories as fast as the admin (a
 * superuser, unscoped) — same run, same API process: p50/p99, requests/s under 16 clients,
 * `ratio_to_admin` of the p99s (target ≤ 1.5). Then what basic authentication costs one request
 * when the credential was verified moments ago (warm cache) and when it never was (cold).
 */
export async function rbac(): Promise<void> {
  const cluster = await startEmbeddedCluster(await freePort());
  process.env.PULP_TEST_DATABASE_URL = cluster.url;
  const site = await TestSite.create();
  const url = new URL(cluster.url);
  url.pathname = `/${site.databaseName}`;
  const pool = new Pool({ connectionString: url.toString(), max: 2 });
  try {
    expectOk((await site.manager(['reset-admin-password', '--password', 'pw'])).code === 0, 'admin password');
    const api = await site.start('api');
    const admin = new ApiClient(api);
    const user = await createUser(admin, 'bench-viewer');
    const seeded = performance.now();
    await seed(pool, user.href);
    report(`seeding ${REPOSITORIES.toLocaleString('en')} repositories and the user's roles (s)`, elapsed(seeded));

    const callers = [
      ['admin', ADMIN, REPOSITORIES],
      ['viewer of 10,000', user.credentials, REPOSITORIES / EVERY],
    ] as const;
    const firsts = [];
    for (const [, credentials, count] of callers) {
      firsts.push(await first(api, credentials, count));
    }
    for (const [index, [who]] of callers.entries()) {
      report(`GET /repositories/file/file/?limit=100 as ${who}: first request (ms)`, firsts[index]);
    }
    await measure(api, callers, 'pages cached', undefined);
    // Every write to a listed table drops the cached pages: with a repository changed every 20 ms,
    // (nearly) every request reads its page, count and scope from PostgreSQL.
    await measure(api, callers, 'pages read from PostgreSQL (a repository changed every 20 ms)', pool);

    await basicAuthCost(admin, user.credentials);
  } finally {
    await pool.end();
    await site.destroy();
    await stopEmbeddedCluster(cluster);
  }
}

/**
 * Set-based seeding: each repository as `createRepository` makes it (the core row, its empty complete
 * version 0) plus the file plugin's row, then the viewer role on every tenth one for `userHref`.
 */
async function seed(pool: Pool, userHref: string): Promise<void> {
  const domain = `(SELECT pulp_id FROM core_domain WHERE name = 'default')`;
  await pool.query(`
    INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name, next_version)
    SELECT pulp_uuid7(), ${domain}, 'file.file', 'repo-' || n, 1 FROM generate_series(1, ${REPOSITORIES}) n`);
  await pool.query(`
    INSERT INTO core_repositoryversion (pulp_id, repository_id, number, complete, content_summary)
    SELECT pulp_uuid7(), pulp_id, 0, true, '{"added": {}, "removed": {}, "present": {}}' FROM core_repository`);
  await pool.query('INSERT INTO file_filerepository (repository_id) SELECT pulp_id FROM core_repository');
  const userId = Number(userHref.split('/').at(-2));
  const { rowCount } = await pool.query(
    `INSERT INTO core_userrole (pulp_id, user_id, role_id, content_type, object_id)
     SELECT pulp_uuid7(), $1, (SELECT pulp_id FROM core_role WHERE name = 'file.filerepository_viewer'),
            'file.filerepository', pulp_id::text
       FROM (SELECT pulp_id, row_number() OVER (ORDER BY pulp_id) AS n FROM core_repository) numbered
      WHERE n % ${EVERY} = 0`,
    [userId],
  );
  expectOk(rowCount === REPOSITORIES / EVERY, `${rowCount} roles given (is file.filerepository_viewer defined?)`);
  await pool.query('ANALYZE');
}

/** The first request for the page (nothing cached, ms); its answer must count `count` repositories. */
async function first(api: PulpProcess, credentials: Record<string, string>, count: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${api.baseUrl}${LIST}`, { headers: credentials });
  const body = (await response.json()) as { count?: number; results?: unknown[] };
  const ms = performance.now() - started;
  expectOk(
    response.status === 200 && body.count === count && body.results?.length === 100,
    `the list answered ${response.status}, count ${body.count} (expected ${count})`,
  );
  return ms;
}

/**
 * Both callers under load, an unreported warm-up then short turns taken in alternation (so that
 * neither is measured alone in a quieter or busier stretch of a shared machine): p50/p99, req/s and
 * the ratio of the p99s. With `writer`, a repository is changed every 20 ms throughout.
 */
async function measure(
  api: PulpProcess,
  callers: ReadonlyArray<readonly [string, Record<string, string>, number]>,
  mode: string,
  writer: Pool | undefined,
): Promise<void> {
  let writing = writer !== undefined;
  const writes = (async () => {
    for (let n = 0; writing; n++) {
      await writer!.query("UPDATE core_repository SET description = $1 WHERE name = 'repo-1'", [`w${n}`]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const measured = callers.map(() => [] as number[]);
  try {
    for (let round = -1; round < ROUNDS; round++) {
      for (const [index, [, credentials]] of callers.entries()) {
        const latencies = await load(api, credentials, SECONDS / ROUNDS);
        if (round >= 0) {
          measured[index].push(...latencies);
        }
      }
    }
  } finally {
    writing = false;
    await writes;
  }
  const p99s = [];
  for (const [index, [who]] of callers.entries()) {
    report(`${mode}, as ${who}: p50 (ms), ${CLIENTS} clients`, percentile(measured[index], 50));
    report(`  p99 (ms), ${CLIENTS} clients`, percentile(measured[index], 99));
    report('  requests/s', measured[index].length / SECONDS);
    p99s.push(percentile(measured[index], 99));
  }
  report(`${mode}: ratio_to_admin (viewer p99 / admin p99; target ≤ 1.5)`, p99s[1] / p99s[0]);
}

/** `CLIENTS` clients requesting the page back to back for `seconds`: each latency (ms). */
async function load(api: PulpProcess, credentials: Record<string, string>, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const response = await fetch(`${api.baseUrl}${LIST}`, { headers: credentials });
      await response.arrayBuffer();
      expectOk(response.status === 200, `the list answered ${response.status}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return latencies;
}

/**
 * One request's cost (GET login/, the cheapest authenticated answer), one client, one request at
 * a time: with credentials verified just before (warm), and with credentials never verified
 * before — a new user each time, made through users/ so that the server hashed the password with
 * its own scheme — which pays the full password hash (cold). Medians, and their difference: the
 * verification itself.
 */
async function basicAuthCost(admin: ApiClient, warmCredentials: Record<string, string>): Promise<void> {
  const login = async (credentials: Record<string, string>) => {
    const started = performance.now();
    const response = await fetch(`${admin.baseUrl}/pulp/api/v3/login/`, { headers: credentials });
    await response.arrayBuffer();
    expectOk(response.status === 200, `login/ answered ${response.status}`);
    return performance.now() - started;
  };
  await login(warmCredentials);
  const warm: number[] = [];
  for (let n = 0; n < AUTH_SAMPLES; n++) {
    warm.push(await login(warmCredentials));
  }
  const fresh = [];
  for (let n = 0; n < AUTH_SAMPLES; n++) {
    fresh.push((await createUser(admin, `bench-cold-${n}`)).credentials);
  }
  const cold: number[] = [];
  for (const credentials of fresh) {
    cold.push(await login(credentials));
  }
  report('basic auth, one request (GET login/), warm credential cache: median (ms)', percentile(warm, 50));
  report('basic auth, one request (GET login/), cold credential cache: median (ms)', percentile(cold, 50));
  report('  the verification itself (cold − warm median, ms)', percentile(cold, 50) - percentile(warm, 50));
}

function elapsed(since: number): number {
  return (performance.now() - since) / 1000;
}
