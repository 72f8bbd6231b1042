import { randomBytes, randomUUID } from 'node:crypto';
import { ADMIN, adminSite, type ApiClient } from './support/api-client';
import { completed, distribute, distributedFiles, publishedRepository } from './support/distribute';
import { FileFixtures } from './support/file-fixtures';
import { createFileRemote } from './support/file-remotes';
import { OtlpReceiver, SPAN_KIND, type ReceivedPoint, type ReceivedSpan } from './support/otlp-receiver';
import type { PulpProcess } from './support/pulp-process';
import { rawRequest } from './support/raw-http';
import { redisAnswers } from './support/redis-probe';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const P = '/pulp/content/';
const BUCKETS = [5, 50, 500];
const REDIS = { host: '127.0.0.1', port: 6379, db: 8 };
/** The second request of a file comes from the response cache when there is a Redis to keep it. */
const cached = redisAnswers(REDIS.host, REDIS.port);

const HELLO = Buffer.from('hello, telemetry\n');
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN_ID = 'b7ad6b7169203331';

// Request telemetry (docs/telemetry.md): spans and metrics of the API and the content app, as a collector receives them.
describe('request telemetry (API and content app)', () => {
  let site: TestSite;
  let client: ApiClient;
  let receiver: OtlpReceiver;
  let api: PulpProcess;
  let content: PulpProcess;
  /** A content app with the default sampling (one new trace in ten). */
  let sampledContent: PulpProcess;
  let upstream: FileFixtures | undefined;

  const apiGet = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.baseUrl}${path}`, { headers: { ...ADMIN, ...headers } });
  const contentGet = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(content.baseUrl!, path, { headers });
  const spanAt = (path: string, more: (span: ReceivedSpan) => boolean = () => true) =>
    receiver.waitForSpan((span) => span.attributes.get('url.path') === path && more(span));
  const servedBytes = (total: number) =>
    receiver.waitForMetric('artifacts.size.counter', (point) => point.value === total);

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    ({ site, client } = await adminSite({
      OTEL_PULP_API_HISTOGRAM_BUCKETS: BUCKETS,
      ...(cached && { CACHE_ENABLED: true, REDIS_HOST: REDIS.host, REDIS_PORT: REDIS.port, REDIS_DB: REDIS.db }),
    }));
    // The API that the set-up uses exports nothing; these do. `content` traces every request.
    [api, content, sampledContent] = await Promise.all([
      site.start('api', { env: { ...receiver.env(), OTEL_PYTHON_EXCLUDED_URLS: 'livez/$' } }),
      site.start('content', { env: { ...receiver.env(), OTEL_TRACES_SAMPLER: 'parentbased_always_on' } }),
      site.start('content', { env: receiver.env() }),
    ]);
  });

  afterAll(async () => {
    await upstream?.close();
    await site?.destroy();
    await receiver?.close();
  });

  describe('API', () => {
    let repository: string;

    beforeAll(async () => {
      repository = await publishedRepository(client);
    });

    it('makes a SERVER span per request, named by its route, child of the caller traceparent', async () => {
      const correlationId = randomUUID().replaceAll('-', '');
      const response = await apiGet(`${repository}?fields=name`, {
        traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`,
        'Correlation-ID': correlationId,
        'User-Agent': 'telemetry-test/1.0',
      });
      expect(response.status).toBe(200);
      const span = await spanAt(repository);
      expect(span).toMatchObject({
        service: 'pulp-api',
        name: 'GET /pulp/api/v3/repositories/file/file/{pulp_id}/',
        kind: SPAN_KIND.server,
        traceId: TRACE_ID,
        parentSpanId: CALLER_SPAN_ID,
      });
      expect(Object.fromEntries(span.attributes)).toMatchObject({
        'http.request.method': 'GET',
        'http.route': '/pulp/api/v3/repositories/file/file/{pulp_id}/',
        'url.path': repository,
        // Query values may be secrets (tokens, signatures): only their names leave the machine.
        'url.query': 'fields=REDACTED',
        'http.response.status_code': 200,
        'user_agent.original': 'telemetry-test/1.0',
        'pulp.correlation_id': correlationId,
      });
    });

    it('starts a new trace without a traceparent', async () => {
      await apiGet(`${API}status/`);
      const span = await spanAt(`${API}status/`);
      expect(span.parentSpanId).toBe('');
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.statusCode).toBe(0);
    });

    it('cuts long attribute values', async () => {
      const junk = 'x'.repeat(5000);
      await apiGet(`${API}status/?${junk}`, { 'User-Agent': junk });
      const span = await spanAt(`${API}status/`, (s) => s.attributes.has('url.query'));
      expect(String(span.attributes.get('url.query')).length).toBe(2048);
      expect(String(span.attributes.get('user_agent.original')).length).toBe(2048);
    });

    it('records api.request_duration by status class and route, with no route above 400, in the configured buckets', async () => {
      expect((await apiGet(repository)).status).toBe(200);
      expect((await apiGet(`${API}repositories/file/file/${randomUUID()}/`)).status).toBe(404);
      const isDuration = (status: string, target: string) => (point: ReceivedPoint) =>
        point.service === 'pulp-api' &&
        point.attributes.get('http.status_code') === status &&
        point.attributes.get('http.target') === target;
      const ok = await receiver.waitForMetric(
        'api.request_duration',
        isDuration('2xx', '/pulp/api/v3/repositories/file/file/{pulp_id}/'),
      );
      expect(ok).toMatchObject({ type: 'histogram', unit: 'ms', explicitBounds: BUCKETS });
      expect(ok.attributes.get('http.method')).toBe('GET');
      expect(ok.attributes.get('worker.name')).toMatch(/^\d+@/);
      await receiver.waitForMetric('api.request_duration', isDuration('4xx', ''));
    });

    it('leaves excluded URLs out: neither span nor measurement', async () => {
      const livez = await apiGet(`${API}livez/`);
      expect(livez.status).toBe(200);
      // The hook that leaves out its telemetry still gives it its correlation id.
      expect(livez.headers.get('correlation-id')).toMatch(/^[0-9a-f]{32}$/);
      await apiGet(`${API}status/?after-livez`);
      await spanAt(`${API}status/`, (span) => span.attributes.get('url.query') === 'after-livez');
      await receiver.waitForMetric('api.request_duration', (point) =>
        String(point.attributes.get('http.target')).endsWith('status/'),
      );
      expect(receiver.spans.filter((span) => String(span.attributes.get('url.path')).includes('livez'))).toEqual([]);
      expect(receiver.points.filter((point) => String(point.attributes.get('http.target')).includes('livez'))).toEqual(
        [],
      );
    });
  });

  describe('content app', () => {
    beforeAll(async () => {
      await distributedFiles(client, 'tel', { 'hello.txt': HELLO });
    });

    it('makes a span and a duration per request, and counts the artifact bytes it serves (a range’s only)', async () => {
      const first = await contentGet(`${P}tel/hello.txt`);
      expect(first.body.equals(HELLO)).toBe(true);
      const span = await spanAt(`${P}tel/hello.txt`);
      expect(span).toMatchObject({ service: 'pulp-content', name: 'GET /pulp/content/*', kind: SPAN_KIND.server });
      expect(span.attributes.get('http.response.status_code')).toBe(200);
      const duration = await receiver.waitForMetric(
        'content.request_duration',
        (point) => point.attributes.get('http.status_code') === '2xx',
      );
      expect(Object.fromEntries(duration.attributes)).toMatchObject({
        'http.method': 'GET',
        'http.route': '/pulp/content/*',
      });
      const counted = await servedBytes(HELLO.length);
      expect(Object.fromEntries(counted.attributes)).toEqual({
        domain_name: 'default',
        worker_process: expect.stringMatching(/^\d+@/),
      });
      expect(counted.unit).toBe('Bytes');

      const range = await contentGet(`${P}tel/hello.txt`, { Range: 'bytes=0-4' });
      expect(range.status).toBe(206);
      await servedBytes(HELLO.length + 5);

      // Served again until it comes from the response cache (when there is one): counted all the same.
      let total = HELLO.length + 5;
      for (let tries = 0; tries < 20; tries++) {
        const again = await contentGet(`${P}tel/hello.txt`);
        expect(again.body.equals(HELLO)).toBe(true);
        total += HELLO.length;
        if (!cached || again.headers['x-pulp-cache'] === 'HIT') {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await servedBytes(total);

      // Nothing served, nothing counted.
      const notModified = await contentGet(`${P}tel/hello.txt`, { 'If-None-Match': first.headers.etag as string });
      expect(notModified.status).toBe(304);
      expect((await contentGet(`${P}tel/missing.txt`)).status).toBe(404);
      await receiver.waitForMetric(
        'content.request_duration',
        (point) => point.attributes.get('http.status_code') === '4xx',
      );
      expect(receiver.points.findLast((point) => point.metric === 'artifacts.size.counter')?.value).toBe(total);
    });

    it('makes an on-demand download a CLIENT span under the content request span', async () => {
      const data = randomBytes(64 * 1024);
      upstream = await FileFixtures.start({ files: [{ path: 'lazy.bin', content: data }] });
      const remote = await createFileRemote(client, { url: upstream.url, policy: 'on_demand', max_retries: 0 });
      const repository = await publishedRepository(client, { remote });
      await completed(client, client.send(`${repository}sync/`, {}));
      await distribute(client, 'tel-lazy', repository);

      const answer = await contentGet(`${P}tel-lazy/lazy.bin`);
      expect(answer.body.equals(data)).toBe(true);
      const request = await spanAt(`${P}tel-lazy/lazy.bin`);
      const download = await receiver.waitForSpan((span) => span.kind === SPAN_KIND.client);
      expect(download).toMatchObject({
        service: 'pulp-content',
        name: `GET ${new URL(upstream.url).host}`,
        traceId: request.traceId,
        parentSpanId: request.spanId,
      });
      expect(Object.fromEntries(download.attributes)).toMatchObject({
        'url.full': upstream.fileUrl('lazy.bin'),
        'http.response.status_code': 200,
        'http.response.body.size': data.length,
        'pulp.remote': expect.any(String),
      });
    });

    it('traces one new request in ten by default, every request a sampled caller traces, and measures them all', async () => {
      const REQUESTS = 100;
      const path = (n: number) => `${P}tel/sampled-${n}.txt`;
      for (let n = 0; n < REQUESTS; n++) {
        expect((await rawRequest(sampledContent.baseUrl!, path(n))).status).toBe(404);
      }
      const traced = await rawRequest(sampledContent.baseUrl!, path(REQUESTS), {
        headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
      });
      expect(traced.status).toBe(404);
      expect((await spanAt(path(REQUESTS))).parentSpanId).toBe(CALLER_SPAN_ID);
      // Only this process answered 404s in such numbers.
      await receiver.waitForMetric(
        'content.request_duration',
        (point) => point.attributes.get('http.status_code') === '4xx' && (point.count ?? 0) >= REQUESTS + 1,
      );
      const sampled = receiver.spans.filter((span) =>
        String(span.attributes.get('url.path')).startsWith(`${P}tel/sampled-`),
      ).length;
      // Binomial(100, 0.1) plus the caller's: outside 2..36 with a chance below 1 in 30,000.
      expect(sampled).toBeGreaterThanOrEqual(2);
      expect(sampled).toBeLessThanOrEqual(36);
    });
  });
});
