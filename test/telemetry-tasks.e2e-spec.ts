import type { Pool } from 'pg';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { ApiClient, type Json } from './support/api-client';
import { OtlpReceiver, SPAN_KIND, type ReceivedPoint } from './support/otlp-receiver';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const EXPORT_INTERVAL_MS = 500;

describe('task and worker telemetry', () => {
  let receiver: OtlpReceiver;
  let site: TestSite;
  let client: ApiClient;
  let pool: Pool;
  let queue: TaskQueue;
  let env: NodeJS.ProcessEnv;
  const workers: PulpProcess[] = [];

  const taskRow = async (id: string) =>
    (
      await site.query<{ state: string; trace_context: Json | null }>(
        'SELECT state, trace_context FROM core_task WHERE pulp_id = $1',
        [id],
      )
    )[0];
  const settled = (id: string, states = ['completed', 'failed', 'canceled']) =>
    pollUntil(
      () => taskRow(id),
      (row) => states.includes(row.state),
    );
  const taskSpan = (id: string) => receiver.waitForSpan((span) => span.attributes.get('pulp.task.id') === id);
  const value = (name: string, predicate: (point: ReceivedPoint) => boolean = () => true) =>
    receiver.waitForMetric(name, predicate);

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    env = receiver.env(EXPORT_INTERVAL_MS);
    site = await TestSite.create({ WORKER_TTL: 6 });
    const reset = await site.manager(['reset-admin-password', '--password', 'pw']);
    expect(reset.code).toBe(0);
    const [api, worker] = await Promise.all([site.start('api', { env }), site.start('worker', { env })]);
    workers.push(worker);
    client = new ApiClient(api);
    pool = site.pool(2);
    queue = new TaskQueue(pool, site.encryption);
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
    await receiver?.close();
  });

  it("traces a task as the child of the request that dispatched it, in the request's trace", async () => {
    const task = await client.accepted(
      await client.send(`${API}tasks/purge/`, { finished_before: '2000-01-01T00:00:00Z', states: ['completed'] }),
    );
    expect(task.state).toBe('completed');
    const id = (task.pulp_href as string).split('/').at(-2)!;
    const span = await taskSpan(id);
    expect(span).toMatchObject({ service: 'pulp-worker', name: 'pulpcore.app.tasks.purge.purge', statusCode: 0 });
    expect(span.kind).toBe(SPAN_KIND.consumer);
    expect(Object.fromEntries(span.attributes)).toMatchObject({
      'pulp.task.id': id,
      'pulp.task.name': 'pulpcore.app.tasks.purge.purge',
      'pulp.worker.name': expect.stringMatching(/\S/),
      'pulp.correlation_id': task.logging_cid,
      'pulp.task.state': 'completed',
    });
    const request = await receiver.waitForSpan((s) => s.service === 'pulp-api' && s.spanId === span.parentSpanId);
    expect(request.kind).toBe(SPAN_KIND.server);
    expect(request.traceId).toBe(span.traceId);
    // The row carries the request's context as W3C traceparent.
    const row = await taskRow(id);
    expect(row.trace_context).toEqual({ traceparent: `00-${span.traceId}-${span.parentSpanId}-01` });
  });

  it('marks a failed task span as an error; a task dispatched outside any request gets a root span', async () => {
    const { id } = await queue.dispatch('pulpcore.app.tasks.test.fail', { args: ['broken on purpose'] });
    expect((await settled(id)).state).toBe('failed');
    expect((await taskRow(id)).trace_context).toBeNull();
    const span = await taskSpan(id);
    expect(span).toMatchObject({ name: 'pulpcore.app.tasks.test.fail', parentSpanId: '', statusCode: 2 });
    expect(span.attributes.get('pulp.task.state')).toBe('failed');
  });

  it("reports Pulp's task gauges and ours, and a killed task's span and run time", async () => {
    // One worker: a task runs, two more wait unblocked behind it for more than 5 s.
    const running = (await queue.dispatch('pulpcore.app.tasks.test.sleep', { args: [30] })).id;
    await settled(running, ['running']);
    const waiting = [
      (await queue.dispatch('pulpcore.app.tasks.test.sleep', { args: [0] })).id,
      (await queue.dispatch('pulpcore.app.tasks.test.sleep', { args: [0] })).id,
    ];
    const queued = await value('tasks_unblocked_queue', (point) => point.value === 2);
    expect(queued).toMatchObject({ service: 'pulp-worker', unit: 'tasks', type: 'gauge' });
    expect(queued.attributes.size).toBe(0);
    const longest = await value('tasks_longest_unblocked_time', (point) => point.value! >= 5);
    expect(longest.unit).toBe('seconds');
    // Runnable for more than 5 s: the running one and the two waiting, minus the one online worker.
    expect(await value('waiting_tasks', (point) => point.value === 2)).toMatchObject({ unit: 'tasks' });
    const depth = await value('pulp.tasks.queue_depth', (point) => point.value === 2);
    expect(Object.fromEntries(depth.attributes)).toEqual({ 'task.name': 'pulpcore.app.tasks.test.sleep' });
    expect(await value('pulp.workers.busy', (point) => point.value === 1)).toMatchObject({ unit: 'workers' });
    expect(await value('pulp.workers.idle', (point) => point.value === 0)).toMatchObject({ unit: 'workers' });

    // Canceling the running task kills its task process: its worker traces it in the span's place.
    await queue.cancel(running);
    expect((await settled(running)).state).toBe('canceled');
    const killed = await taskSpan(running);
    expect(killed).toMatchObject({ service: 'pulp-worker', name: 'pulpcore.app.tasks.test.sleep', parentSpanId: '' });
    expect(killed.attributes.get('pulp.task.state')).toBe('canceled');
    const canceledRun = await value(
      'pulp.tasks.run_duration',
      (point) => point.attributes.get('task.outcome') === 'canceled',
    );
    expect(canceledRun).toMatchObject({ type: 'histogram', unit: 's' });
    expect(canceledRun.sum).toBeGreaterThan(1);

    for (const id of waiting) {
      expect((await settled(id)).state).toBe('completed');
    }
    // An emptied queue reports 0, not its last depth.
    await value(
      'pulp.tasks.queue_depth',
      (point) => point.attributes.get('task.name') === 'pulpcore.app.tasks.test.sleep' && point.value === 0,
    );
    // Recorded by the new task process (the killed one had recorded the first task's).
    const waited = await value(
      'pulp.tasks.wait_duration',
      (point) => point.attributes.get('task.name') === 'pulpcore.app.tasks.test.sleep' && point.count === 2,
    );
    expect(waited).toMatchObject({ type: 'histogram', unit: 's' });
    // Buckets in seconds, up to hours (not the SDK's defaults, made for milliseconds).
    expect(waited.explicitBounds).toEqual([
      0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200,
    ]);
    expect(waited.sum).toBeGreaterThan(9.5);
    const completedRuns = await value(
      'pulp.tasks.run_duration',
      (point) =>
        point.attributes.get('task.name') === 'pulpcore.app.tasks.test.sleep' &&
        point.attributes.get('task.outcome') === 'completed',
    );
    expect(completedRuns.count).toBeGreaterThanOrEqual(2);
  });

  it('has one worker per period report the deployment-wide gauges, however many workers run', async () => {
    workers.push(await site.start('worker', { env }));
    await value('pulp.workers.idle', (point) => point.value === 2);
    receiver.clear();
    const windowMs = 5000;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const reports = receiver.points.filter((point) => point.metric === 'tasks_unblocked_queue').length;
    // Two workers reporting each would send about 2 × 10; one per period (a claim lasts 0.9 × 500 ms) at most
    // 12, and one more whose export was under way at the start of the window.
    expect(reports).toBeGreaterThanOrEqual(3);
    expect(reports).toBeLessThanOrEqual(Math.floor(windowMs / (0.9 * EXPORT_INTERVAL_MS)) + 2);
  });

  it('reports space_usage, the bytes of artifacts per domain, at once from the otel_metrics task', async () => {
    const schedules = (await client.call(`${API}task-schedules/?task_name=pulpcore.app.tasks.telemetry.otel_metrics`))
      .body.results as Json[];
    expect(schedules).toEqual([
      expect.objectContaining({ name: 'Emit OpenTelemetry metrics periodically', dispatch_interval: '00:05:00' }),
    ]);
    for (const body of ['a'.repeat(1000), 'b'.repeat(2345)]) {
      expect((await client.sendForm(`${API}artifacts/`, body)).status).toBe(201);
    }
    const { id } = await queue.dispatch('pulpcore.app.tasks.telemetry.otel_metrics');
    expect((await settled(id)).state).toBe('completed');
    const usage = await value('space_usage', (point) => point.attributes.get('domain_name') === 'default');
    expect(usage).toMatchObject({ service: 'pulp-worker', unit: 'bytes', type: 'gauge', value: 3345 });
  });
});
