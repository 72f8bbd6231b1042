import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as otlpRoot from 'otlp-proto-definitions/build/src/generated/root';

/** An attribute value as exported: arrays stay arrays, int64 values become numbers. */
export type AttributeValue = string | number | boolean | AttributeValue[] | null;

export interface ReceivedSpan {
  service: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  traceId: string;
  spanId: string;
  /** "" for a root span. */
  parentSpanId: string;
  attributes: Map<string, AttributeValue>;
  links: Array<{ traceId: string; spanId: string; attributes: Map<string, AttributeValue> }>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
}

export interface ReceivedPoint {
  service: string;
  metric: string;
  unit: string;
  type: 'sum' | 'gauge' | 'histogram';
  attributes: Map<string, AttributeValue>;
  /** A sum's or gauge's value. */
  value?: number;
  /** A histogram's count, sum and buckets. */
  count?: number;
  sum?: number;
  explicitBounds?: number[];
  bucketCounts?: number[];
}

export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

interface ProtoType {
  decode(body: Uint8Array): unknown;
  toObject(message: unknown, options: { longs: StringConstructor; bytes: StringConstructor }): unknown;
}
const collector = (otlpRoot as unknown as { opentelemetry: { proto: { collector: Record<string, { v1: any }> } } })
  .opentelemetry.proto.collector;
const TRACES: ProtoType = collector.trace.v1.ExportTraceServiceRequest;
const METRICS: ProtoType = collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * A local OTLP/HTTP collector for tests: accepts /v1/traces and /v1/metrics as protobuf or JSON
 * (what the exporters send), keeps every span and metric data point, and answers 200.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly points: ReceivedPoint[] = [];
  /** Every export request, whatever its path. */
  requests = 0;

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on(
      'request',
      (request: IncomingMessage, response: ServerResponse) => void receiver.handle(request, response),
    );
    return receiver;
  }

  /** The environment that points a Pulp process's exports here, exporting metrics every `intervalMs`. */
  env(intervalMs = 500): NodeJS.ProcessEnv {
    return {
      PULP_OTEL_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: this.endpoint,
      OTEL_METRIC_EXPORT_INTERVAL: String(intervalMs),
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
  }

  async waitForSpan(predicate: (span: ReceivedSpan) => boolean, timeoutMs = 15_000): Promise<ReceivedSpan> {
    return this.waitFor(() => this.spans.find(predicate), timeoutMs, 'span');
  }

  async waitForMetric(
    name: string,
    predicate: (point: ReceivedPoint) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<ReceivedPoint> {
    // Cumulative points are re-exported with growing values: the newest match is the current one.
    return this.waitFor(
      () => this.points.findLast((point) => point.metric === name && predicate(point)),
      timeoutMs,
      `metric ${name}`,
    );
  }

  clear(): void {
    this.spans.length = 0;
    this.points.length = 0;
    this.requests = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) {
        return found;
      }
      if (Date.now() > deadline) {
        const seen =
          what === 'span' ? this.spans.map((span) => span.name) : [...new Set(this.points.map((p) => p.metric))];
        throw new Error(`no matching ${what} within ${timeoutMs} ms; received ${JSON.stringify(seen)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    this.requests++;
    let body = Buffer.concat(chunks);
    if (request.headers['content-encoding'] === 'gzip') {
      body = gunzipSync(body);
    }
    const json = (request.headers['content-type'] ?? '').startsWith('application/json');
    try {
      if (request.url === '/v1/traces') {
        this.spans.push(...spansOf(decode(TRACES, body, json), json));
      } else if (request.url === '/v1/metrics') {
        this.points.push(...pointsOf(decode(METRICS, body, json)));
      }
    } catch (error) {
      response.writeHead(400).end(String(error));
      return;
    }
    response
      .writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' })
      .end(json ? '{}' : '');
  }
}

function decode(type: ProtoType, body: Buffer, json: boolean): any {
  return json ? JSON.parse(body.toString('utf8')) : type.toObject(type.decode(body), { longs: String, bytes: String });
}

/** Protobuf ids arrive as base64 (bytes), JSON ids as hex already. */
function hexId(id: string | undefined, json: boolean): string {
  return !id ? '' : json ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
}

function spansOf(request: any, json: boolean): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans: any) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes).get('service.name'));
    return (resourceSpans.scopeSpans ?? []).flatMap((scope: any) =>
      (scope.spans ?? []).map((span: any): ReceivedSpan => ({
        service,
        name: span.name,
        kind: Number(span.kind ?? 0),
        traceId: hexId(span.traceId, json),
        spanId: hexId(span.spanId, json),
        parentSpanId: hexId(span.parentSpanId, json),
        attributes: attributesOf(span.attributes),
        links: (span.links ?? []).map((link: any) => ({
          traceId: hexId(link.traceId, json),
          spanId: hexId(link.spanId, json),
          attributes: attributesOf(link.attributes),
        })),
        statusCode: Number(span.status?.code ?? 0),
      })),
    );
  });
}

function pointsOf(request: any): ReceivedPoint[] {
  return (request.resourceMetrics ?? []).flatMap((resourceMetrics: any) => {
    const service = String(attributesOf(resourceMetrics.resource?.attributes).get('service.name'));
    return (resourceMetrics.scopeMetrics ?? []).flatMap((scope: any) =>
      (scope.metrics ?? []).flatMap((metric: any) => {
        const type = (['sum', 'gauge', 'histogram'] as const).find((candidate) => metric[candidate]);
        if (!type) {
          return [];
        }
        return (metric[type].dataPoints ?? []).map((point: any): ReceivedPoint => ({
          service,
          metric: metric.name,
          unit: metric.unit ?? '',
          type,
          attributes: attributesOf(point.attributes),
          ...(type === 'histogram'
            ? {
                count: Number(point.count ?? 0),
                sum: Number(point.sum ?? 0),
                explicitBounds: (point.explicitBounds ?? []).map(Number),
                bucketCounts: (point.bucketCounts ?? []).map(Number),
              }
            : { value: Number(point.asInt ?? point.asDouble ?? 0) }),
        }));
      }),
    );
  });
}

function attributesOf(attributes: any[] | undefined): Map<string, AttributeValue> {
  return new Map((attributes ?? []).map((attribute: any) => [String(attribute.key), valueOf(attribute.value)]));
}

function valueOf(value: any): AttributeValue {
  if (!value) {
    return null;
  }
  if ('stringValue' in value) {
    return String(value.stringValue);
  }
  if ('boolValue' in value) {
    return Boolean(value.boolValue);
  }
  if ('intValue' in value) {
    return Number(value.intValue);
  }
  if ('doubleValue' in value) {
    return Number(value.doubleValue);
  }
  if ('arrayValue' in value) {
    return (value.arrayValue.values ?? []).map(valueOf);
  }
  return null;
}
