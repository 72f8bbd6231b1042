import { OtlpReceiver, SPAN_KIND } from './support/otlp-receiver';
import { TestSite } from './support/test-site';

const STATUS = '/pulp/api/v3/status/';

describe('OpenTelemetry SDK start-up (OTEL_ENABLED, the standard OTEL_* variables)', () => {
  let site: TestSite;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    site = await TestSite.create();
    receiver = await OtlpReceiver.start();
  });

  afterAll(async () => {
    await site?.destroy();
    await receiver?.close();
  });

  it('exports spans and metrics over OTLP http/protobuf as pulp-api', async () => {
    const api = await site.start('api', { env: receiver.env() });
    expect(api.output).toMatch(/OpenTelemetry export as pulp-api \(OTLP http\/protobuf, metrics every 500 ms\)/);
    await fetch(`${api.baseUrl}${STATUS}`);
    const span = await receiver.waitForSpan((s) => s.attributes.get('url.path') === STATUS);
    expect(span).toMatchObject({ service: 'pulp-api', kind: SPAN_KIND.server });
    const point = await receiver.waitForMetric('api.request_duration', (p) => p.service === 'pulp-api');
    expect(point.type).toBe('histogram');
    await api.stop();
  });

  it('names the service OTEL_SERVICE_NAME, and speaks http/json when told', async () => {
    const api = await site.start('api', {
      env: { ...receiver.env(), OTEL_SERVICE_NAME: 'edge-api', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    });
    await fetch(`${api.baseUrl}${STATUS}`);
    const span = await receiver.waitForSpan((s) => s.service === 'edge-api');
    expect(span.attributes.get('url.path')).toBe(STATUS);
    await api.stop();
  });

  it('exports the spans still buffered when the process stops', async () => {
    // A schedule delay far beyond the test: only the shutdown flush can deliver the span.
    const api = await site.start('api', { env: { ...receiver.env(60_000), OTEL_BSP_SCHEDULE_DELAY: '60000' } });
    const correlationId = 'f'.repeat(32);
    await fetch(`${api.baseUrl}${STATUS}`, { headers: { 'Correlation-ID': correlationId } });
    await api.stop('SIGTERM');
    expect(receiver.spans.some((s) => s.attributes.get('pulp.correlation_id') === correlationId)).toBe(true);
  });

  it('starts the SDK in the worker and the content app under their own service names', async () => {
    const [worker, content] = await Promise.all([
      site.start('worker', { env: receiver.env() }),
      site.start('content', { env: receiver.env() }),
    ]);
    expect(worker.output).toMatch(/OpenTelemetry export as pulp-worker /);
    // A sampled caller: the content app traces only one new request in ten on its own.
    await fetch(`${content.baseUrl}/pulp/content/`, {
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    await receiver.waitForSpan((s) => s.service === 'pulp-content');
    await Promise.all([worker.stop(), content.stop()]);
  });

  it('sends nothing when OTEL_ENABLED is off, even with an endpoint set', async () => {
    const quiet = await OtlpReceiver.start();
    try {
      const { PULP_OTEL_ENABLED: _on, ...env } = quiet.env();
      const api = await site.start('api', { env });
      expect(api.output).not.toMatch(/OpenTelemetry/);
      await fetch(`${api.baseUrl}${STATUS}`);
      await api.stop();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(quiet.requests).toBe(0);
    } finally {
      await quiet.close();
    }
  });

  it('refuses to start with an exporter protocol it does not know', async () => {
    const api = site.spawn('api', ['--bind', '127.0.0.1:0'], {
      ...receiver.env(),
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml',
    });
    const { code } = await api.exited;
    expect(code).toBe(1);
    expect(api.output).toMatch(
      /OTEL_EXPORTER_OTLP_PROTOCOL="http\/xml" is not one of http\/protobuf, http\/json, grpc/,
    );
    expect(api.output).not.toMatch(/\n\s+at /);
  });
});
