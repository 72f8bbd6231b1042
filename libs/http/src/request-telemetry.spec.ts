import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { PulpSettings } from '@pulp/config';
import { currentCorrelationId } from '@pulp/logging';
import { shutdownTelemetry, startTelemetry } from '@pulp/telemetry';
import Fastify, { type FastifyInstance } from 'fastify';
import { installWireRules } from './wire-rules';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

/**
 * In process, with the real SDK (its exports go nowhere: test/telemetry-*.e2e-spec.ts check those):
 * what code running inside a request sees as the active span.
 */
describe('request telemetry', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  let cutShort: Span | undefined;

  beforeAll(async () => {
    await startTelemetry(
      { OTEL_ENABLED: true, OTEL_PULP_API_HISTOGRAM_BUCKETS: [] } as unknown as PulpSettings,
      'pulp-api',
    );
    app = Fastify();
    installWireRules(app, { telemetry: { app: 'api', workerName: () => 'test@host' } });
    const seen = async () => {
      // Across awaits, as a controller's calls to its services go.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await Promise.resolve();
      const span = trace.getActiveSpan();
      return {
        name: (span as { name?: string } | undefined)?.name,
        correlationId: currentCorrelationId(),
        ...span?.spanContext(),
      };
    };
    app.get('/things/:id/', seen);
    app.get('/cut-short/', (_request, reply) => {
      cutShort = trace.getActiveSpan();
      reply.hijack();
      reply.raw.destroy();
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await shutdownTelemetry();
  });

  it('makes the request span, a child of the caller traceparent, the active one inside the handler', async () => {
    const response = await fetch(`${baseUrl}/things/7/`, {
      headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
    });
    const active = (await response.json()) as { name?: string; traceId?: string; spanId?: string };
    expect(active.name).toBe('GET /things/{id}/');
    expect(active.traceId).toBe(TRACE_ID);
    expect(active.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(active.spanId).not.toBe(CALLER_SPAN_ID);
    expect((active as { correlationId?: string }).correlationId).toBe(response.headers.get('correlation-id'));
  });

  it('handles the request in one context holding its span and its correlation id; without a traceparent, a new trace', async () => {
    const response = await fetch(`${baseUrl}/things/8/`);
    const active = (await response.json()) as { name?: string; traceId?: string; correlationId?: string };
    expect(active.name).toBe('GET /things/{id}/');
    expect(active.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(active.traceId).not.toBe(TRACE_ID);
    expect(active.correlationId).toBe(response.headers.get('correlation-id'));
  });

  it('ends the span of a response that never finished, as an error', async () => {
    await expect(fetch(`${baseUrl}/cut-short/`)).rejects.toThrow();
    // The SDK's span records whether it ended and its status; the API's interface does not show them.
    const span = cutShort as unknown as { ended: boolean; status: { code: SpanStatusCode } };
    for (let waited = 0; !span.ended && waited < 2000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(span.ended).toBe(true);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});
