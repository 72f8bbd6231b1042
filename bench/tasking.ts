import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { TaskQueue } from '@pulp/tasking';
import { percentile, report } from './figures';
import { startEmbeddedCluster, stopEmbeddedCluster } from '../test/support/embedded-cluster';
import { freePort } from '../test/support/free-port';
import type { PulpProcess } from '../test/support/pulp-process';
import { TestSite } from '../test/support/test-site';

/**
 * Tasking figures (issue 3): no-op task throughput with 1, 2 and 4 workers, dispatch→start latency
 * with idle workers, the cost of a claim and of an unblocker run with 100,000 waiting tasks queued on
 * another resource, and, in the same run on the same PostgreSQL, the bare minimum queue (a
 * `SELECT … FOR UPDATE SKIP LOCKED` loop, no resources) for comparison.
 */
export async function tasking(): Promise<void> {
  const cluster = await startEmbeddedCluster(await freePort());
  process.env.PULP_TEST_DATABASE_URL = cluster.url;
  const site = await TestSite.create();
  const url = new URL(cluster.url);
  url.pathname = `/${site.databaseName}`;
  const pool = new Pool({ connectionString: url.toString(), max: 8 });
  const queue = new TaskQueue(pool, site.encryption);
  const sql = async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[];
  const figures: Record<string, number> = {};
  try {
    const workers: PulpProcess[] = [];
    for (const count of [1, 2, 4]) {
      while (workers.length < count) {
        workers.push(await site.start('worker'));
      }
      figures[`throughput_${count}_workers`] = await throughput(queue, sql, 1000);
      report(`no-op tasks/s with ${count} worker(s), dispatch included`, figures[`throughput_${count}_workers`]);
      figures[`drain_${count}_workers`] = await drainRate(queue, sql, 1000);
      report(`no-op tasks/s with ${count} worker(s), draining a full queue`, figures[`drain_${count}_workers`]);
    }
    // Measured next to the workers' figures, before the 100k backlog churns the database.
    figures.bare_queue = await bareQueue(url.toString(), 4, 5000);
    report('bare SKIP LOCKED queue, 4 consumers (tasks/s)', figures.bare_queue);
    const latencies = await latency(queue, sql, 200);
    figures.latency_p50_ms = percentile(latencies, 50);
    figures.latency_p99_ms = percentile(latencies, 99);
    report('dispatch→start latency p50 (ms), idle workers', figures.latency_p50_ms);
    report('dispatch→start latency p99 (ms), idle workers', figures.latency_p99_ms);
    await Promise.all(workers.map((worker) => worker.stop()));

    const telemetry = await telemetryOverhead(site, queue, sql);
    report('no-op tasks/s, 2 workers draining, telemetry off (median)', telemetry.off);
    report('no-op tasks/s, 2 workers draining, telemetry on, OTLP to a local sink (median)', telemetry.on);
    report('ratio_telemetry_on_to_off, median of 5 pairs (target ≥ 0.9)', telemetry.ratio);

    const backlog = await backlogCosts(queue, sql, 100_000);
    report('claim with 100,000 waiting tasks queued on another resource (ms)', backlog.claimMs);
    report('unblocker run with 100,000 waiting tasks (ms)', backlog.unblockMs);
    report('dispatch with 100,000 waiting tasks in the domain (ms)', backlog.dispatchMs);

    // Like for like: both drain a queue filled beforehand.
    report('ratio_to_bare_queue (4 workers, draining)', figures.drain_4_workers / figures.bare_queue);
    report('ratio to bare queue (4 workers, dispatch included)', figures.throughput_4_workers / figures.bare_queue);
  } finally {
    await pool.end();
    await site.destroy();
    await stopEmbeddedCluster(cluster);
  }
}

type Sql = <T>(text: string, params?: unknown[]) => Promise<T[]>;

/** Dispatches `count` no-op tasks at once and times them until all completed. */
async function throughput(queue: TaskQueue, sql: Sql, count: number): Promise<number> {
  const started = performance.now();
  const ids = await Promise.all(
    Array.from({ length: count }, () => queue.dispatch('pulpcore.app.tasks.test.dummy_task').then((task) => task.id)),
  );
  for (;;) {
    const [{ open }] = await sql<{ open: number }>(
      "SELECT count(*)::int AS open FROM core_task WHERE pulp_id = ANY($1) AND state <> 'completed'",
      [ids],
    );
    if (open === 0) {
      return count / ((performance.now() - started) / 1000);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The rate at which workers drain a full queue, as the bare queue is measured: `count` no-op tasks
 * wait behind a gate (a running task the benchmark holds on a resource they share) and are released
 * at once when the benchmark ends it. From the gate's end to the last task's end, on the database
 * clock. (A gate run by a worker would have to be killed to end early, restarting a task process.)
 */
async function drainRate(queue: TaskQueue, sql: Sql, count: number): Promise<number> {
  const gate = await holdResource(sql, 'gate');
  const ids: string[] = [];
  for (let i = 0; i < count; i += 100) {
    ids.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, async () => {
          const task = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', { sharedResources: ['gate'] });
          return task.id;
        }),
      )),
    );
  }
  const opened = await gate.release();
  await queue.wakeUnblocker();
  await waitFor(sql, ids, "state = 'completed'");
  const [{ seconds, early }] = await sql<{ seconds: number; early: number }>(
    `SELECT extract(epoch FROM max(finished_at) - $2::timestamptz) AS seconds,
            count(*) FILTER (WHERE started_at < $2::timestamptz)::int AS early
       FROM core_task WHERE pulp_id = ANY($1)`,
    [ids, opened],
  );
  if (early > 0) {
    throw new Error(`${early} tasks started before the gate opened: the measurement is void`);
  }
  return count / Number(seconds);
}

/**
 * A task the benchmark "runs" itself, holding `resource` exclusively: locked by an app status of
 * its own (with a long TTL, so no worker takes it for a dead one's). `release` completes it and
 * returns when, on the database clock.
 */
async function holdResource(
  sql: Sql,
  resource: string,
): Promise<{ appStatusId: string; domain: string; record: string[]; release(): Promise<Date> }> {
  const [{ id: domain }] = await sql<{ id: string }>("SELECT pulp_id AS id FROM core_domain WHERE name = 'default'");
  const [{ id: appStatus }] = await sql<{ id: string }>(
    `INSERT INTO core_appstatus (pulp_id, app_type, name, versions, ttl, last_heartbeat)
     VALUES (pulp_uuid7(), 'worker', $1, '{}', interval '1 hour', now()) RETURNING pulp_id AS id`,
    [`bench@${resource}`],
  );
  const record = [resource, `shared:prn:core.domain:${domain}`];
  const [{ id }] = await sql<{ id: string }>(
    `INSERT INTO core_task (state, name, reserved_resources_record, pulp_domain_id, unblocked_at, started_at, app_lock_id)
     VALUES ('running', 'bench.holder', $1, $2, now(), now(), $3) RETURNING pulp_id AS id`,
    [record, domain, appStatus],
  );
  return {
    appStatusId: appStatus,
    domain,
    record,
    async release() {
      const [{ finished }] = await sql<{ finished: Date }>(
        `UPDATE core_task SET state = 'completed', finished_at = clock_timestamp(), app_lock_id = NULL
          WHERE pulp_id = $1 RETURNING finished_at AS finished`,
        [id],
      );
      await sql('DELETE FROM core_appstatus WHERE pulp_id = $1', [appStatus]);
      return finished;
    },
  };
}

async function waitFor(sql: Sql, ids: string[], condition: string): Promise<void> {
  for (;;) {
    const [{ open }] = await sql<{ open: number }>(
      `SELECT count(*)::int AS open FROM core_task WHERE pulp_id = ANY($1) AND NOT (${condition})`,
      [ids],
    );
    if (open === 0) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One task at a time to idle workers: started_at − pulp_created, both on the database clock. */
async function latency(queue: TaskQueue, sql: Sql, count: number): Promise<number[]> {
  const results: number[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task');
    for (;;) {
      const [row] = await sql<{ state: string; ms: number }>(
        'SELECT state, extract(epoch FROM started_at - pulp_created) * 1000 AS ms FROM core_task WHERE pulp_id = $1',
        [id],
      );
      if (row.state === 'completed') {
        results.push(Number(row.ms));
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return results;
}

/**
 * Drain rates of 2 workers with telemetry off and on (a span, two histogram records per task, the
 * task gauges at each export), exporting OTLP to a local sink that reads and drops every body; metrics
 * every second, so that exports happen during the runs; each run after 1000 unmeasured tasks. Five
 * pairs of runs, each pair back to back (off first, then on first, alternately), so that a shared
 * machine's changing load hits both alike: the ratio is the median of the pairs' ratios, the rates
 * the medians of each mode's runs.
 */
async function telemetryOverhead(
  site: TestSite,
  queue: TaskQueue,
  sql: Sql,
): Promise<{ off: number; on: number; ratio: number }> {
  const sink = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const modes = {
    off: {},
    on: { PULP_OTEL_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_METRIC_EXPORT_INTERVAL: '1000' },
  };
  const rates = { off: [] as number[], on: [] as number[] };
  const ratios: number[] = [];
  try {
    for (let pair = 0; pair < 5; pair++) {
      for (const mode of pair % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const workers = await Promise.all([0, 1].map(() => site.start('worker', { env: modes[mode] })));
        // Workers live long: measure them warm (task processes started, code optimised), as they mostly run.
        await drainRate(queue, sql, 1000);
        rates[mode].push(await drainRate(queue, sql, 2000));
        await Promise.all(workers.map((worker) => worker.stop()));
      }
      ratios.push(rates.on[pair] / rates.off[pair]);
    }
  } finally {
    sink.closeAllConnections();
    await new Promise((resolve) => sink.close(resolve));
  }
  return { off: percentile(rates.off, 50), on: percentile(rates.on, 50), ratio: percentile(ratios, 50) };
}

/** 100k tasks wait behind a running task on "backlog"; one task on another resource is ready. */
async function backlogCosts(
  queue: TaskQueue,
  sql: Sql,
  count: number,
): Promise<{ claimMs: number; unblockMs: number; dispatchMs: number }> {
  // The head of the queue runs (held by the benchmark); 100k tasks wait behind it.
  const head = await holdResource(sql, 'backlog');
  for (let done = 0; done < count; done += 10_000) {
    await sql(
      `INSERT INTO core_task (state, name, reserved_resources_record, pulp_domain_id)
       SELECT 'waiting', 'bench.queued', $1, $2 FROM generate_series(1, 10000)`,
      [head.record, head.domain],
    );
  }
  await sql('ANALYZE core_task');
  let started = performance.now();
  const { id } = await queue.dispatch('pulpcore.app.tasks.test.dummy_task', { exclusiveResources: ['elsewhere'] });
  const dispatchMs = performance.now() - started;
  started = performance.now();
  await queue.unblock();
  const unblockMs = performance.now() - started;
  started = performance.now();
  const claimed = await queue.claim(head.appStatusId);
  const claimMs = performance.now() - started;
  if (claimed?.id !== id) {
    throw new Error(`the claim took ${claimed?.id ?? 'nothing'}, not the ready task ${id}`);
  }
  await head.release();
  await sql("DELETE FROM core_task WHERE name LIKE 'bench.%' OR pulp_id = $1", [id]);
  return { claimMs, unblockMs, dispatchMs };
}

/** The least a PostgreSQL queue can do: consumers each claim, "run" and finish rows with SKIP LOCKED. */
async function bareQueue(url: string, consumers: number, count: number): Promise<number> {
  const setup = new Client({ connectionString: url });
  await setup.connect();
  await setup.query('CREATE TABLE bench_bare_queue (id bigserial PRIMARY KEY, state text NOT NULL)');
  await setup.query(`INSERT INTO bench_bare_queue (state) SELECT 'waiting' FROM generate_series(1, ${count})`);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: consumers }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      for (;;) {
        const { rows } = await client.query(
          `UPDATE bench_bare_queue SET state = 'running' WHERE id = (
             SELECT id FROM bench_bare_queue WHERE state = 'waiting' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
           RETURNING id`,
        );
        if (rows.length === 0) {
          break;
        }
        await client.query("UPDATE bench_bare_queue SET state = 'completed' WHERE id = $1", [
          (rows[0] as { id: string }).id,
        ]);
      }
      await client.end();
    }),
  );
  const rate = count / ((performance.now() - started) / 1000);
  await setup.query('DROP TABLE bench_bare_queue');
  await setup.end();
  return rate;
}
