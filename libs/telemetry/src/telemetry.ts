import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { PulpSettings } from '@pulp/config';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { OtlpProtocol } from './otel-environment';
import { readOtelEnvironment } from './otel-environment';
import { gaugesAsObserved } from './gauge-temporality';
import { PooledIdGenerator } from './pooled-id-generator';
import { DEFAULT_BOUNDARIES, SeriesCounter, SeriesHistogram, seriesProducer } from './series-instruments';

/** The meter every Pulp metric is recorded on (`metrics.getMeter(PULP_METER)`). */
export const PULP_METER = 'pulp.metrics';

/** The instrument whose buckets OTEL_PULP_API_HISTOGRAM_BUCKETS sets. */
export const API_REQUEST_DURATION = 'api.request_duration';

export type PulpService = 'pulp-api' | 'pulp-content' | 'pulp-worker';

/** What start-up reports through; PulpLogger fits. */
export interface TelemetryLogger {
  log(message: string, context?: string): void;
  warn(message: string, context?: string): void;
}

const SHUTDOWN_CAP_MS = 3_000;

let enabled = false;
let sdk: NodeSDK | undefined;
let excludedUrls: RegExp | undefined;
let apiBuckets: readonly number[] = [];
let seriesInstruments: (SeriesHistogram | SeriesCounter)[] = [];

/**
 * Whether this process exports telemetry: instrumentation checks it before touching OpenTelemetry,
 * so that a process with telemetry off runs no OpenTelemetry code per request.
 */
export function telemetryEnabled(): boolean {
  return enabled;
}

/** Whether an API request to `url` (absolute, without its query) is left out of telemetry. */
export function excludedUrl(url: string): boolean {
  return excludedUrls?.test(url) ?? false;
}

/**
 * Starts the OpenTelemetry SDK (traces and metrics over OTLP) when OTEL_ENABLED is set; otherwise
 * does nothing and loads none of the SDK. Call it once per process, before it serves or works.
 */
// A promise, so that loading the SDK may become asynchronous (ES modules) without changing callers.
// eslint-disable-next-line @typescript-eslint/require-await
export async function startTelemetry(
  settings: PulpSettings,
  service: PulpService,
  logger?: TelemetryLogger,
): Promise<void> {
  if (!settings.OTEL_ENABLED || sdk) {
    return;
  }
  const environment = readOtelEnvironment(service);
  const { NodeSDK } = load('@opentelemetry/sdk-node');
  const metricsSdk = load('@opentelemetry/sdk-metrics');
  const { PeriodicExportingMetricReader } = metricsSdk;
  if (logger && !environment.sdkLogLevelSet) {
    // Export failures (a collector down) are reported through diag, which is silent by default.
    diag.setLogger(
      {
        error: (message) => logger.warn(message, 'telemetry'),
        warn: (message) => logger.warn(message, 'telemetry'),
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      DiagLogLevel.WARN,
    );
  }
  const { AggregationTemporality, DataPointType, InstrumentType } = metricsSdk;
  const exporter = gaugesAsObserved(metricExporter(environment.metricsProtocol), metricsSdk);
  const temporality = (type: (typeof InstrumentType)[keyof typeof InstrumentType]) =>
    exporter.selectAggregationTemporality?.(type) ?? AggregationTemporality.CUMULATIVE;
  const started = new NodeSDK({
    serviceName: environment.serviceName,
    traceExporter: traceExporter(environment.tracesProtocol),
    spanLimits: { attributeValueLengthLimit: environment.attributeValueLengthLimit },
    sampler: rootSampler(environment.rootSampleRatio),
    idGenerator: new PooledIdGenerator(),
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: environment.metricExportIntervalMillis,
        exportTimeoutMillis: environment.metricExportTimeoutMillis,
        metricProducers: [
          seriesProducer(
            PULP_METER,
            () => seriesInstruments,
            { AggregationTemporality, DataPointType },
            { histogram: temporality(InstrumentType.HISTOGRAM), sum: temporality(InstrumentType.COUNTER) },
          ),
        ],
      }),
    ],
    contextManager: new (load('./shared-context-manager').SharedContextManager)(),
    // We instrument requests and tasks ourselves: no auto-instrumentation, and no log export.
    instrumentations: [],
    logRecordProcessors: [],
  });
  started.start();
  sdk = started;
  excludedUrls = environment.excludedUrls;
  apiBuckets = settings.OTEL_PULP_API_HISTOGRAM_BUCKETS;
  enabled = true;
  logger?.log(
    `OpenTelemetry export as ${environment.serviceName} (OTLP ${environment.tracesProtocol}, metrics every ${environment.metricExportIntervalMillis} ms)`,
    'telemetry',
  );
}

/** Flushes and stops the SDK, giving up after a few seconds so that a dead collector cannot hold up exit. */
export async function shutdownTelemetry(): Promise<void> {
  const stopping = sdk;
  sdk = undefined;
  enabled = false;
  seriesInstruments = [];
  if (!stopping) {
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SHUTDOWN_CAP_MS).unref();
  });
  await Promise.race([stopping.shutdown().catch(() => undefined), cap]);
  clearTimeout(timer);
}

interface InstrumentDescription {
  unit: string;
  description: string;
}

/**
 * A histogram on the Pulp meter for what every request records (series-instruments.ts says why it
 * is not the SDK's). `api.request_duration` has the buckets of OTEL_PULP_API_HISTOGRAM_BUCKETS.
 * Only while telemetry is on.
 */
export function seriesHistogram(name: string, description: InstrumentDescription): SeriesHistogram {
  const boundaries = name === API_REQUEST_DURATION && apiBuckets.length ? apiBuckets : DEFAULT_BOUNDARIES;
  return registered(new SeriesHistogram({ name, ...description }, boundaries));
}

/** A counter on the Pulp meter for what every request adds to; as seriesHistogram. */
export function seriesCounter(name: string, description: InstrumentDescription): SeriesCounter {
  return registered(new SeriesCounter({ name, ...description }));
}

function registered<Instrument extends SeriesHistogram | SeriesCounter>(instrument: Instrument): Instrument {
  if (!enabled) {
    throw new Error(`${instrument.descriptor.name}: telemetry is off`);
  }
  seriesInstruments.push(instrument);
  return instrument;
}

/** Undefined leaves sampling to the SDK, which reads OTEL_TRACES_SAMPLER. */
function rootSampler(ratio: number | undefined) {
  if (ratio === undefined) {
    return undefined;
  }
  const { ParentBasedSampler } = load('@opentelemetry/sdk-trace-base');
  return new ParentBasedSampler({ root: new (load('./trace-id-ratio-sampler').TraceIdRatioSampler)(ratio) });
}

function traceExporter(protocol: OtlpProtocol) {
  switch (protocol) {
    case 'http/protobuf':
      return new (load('@opentelemetry/exporter-trace-otlp-proto').OTLPTraceExporter)();
    case 'http/json':
      return new (load('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter)();
    case 'grpc':
      return new (load('@opentelemetry/exporter-trace-otlp-grpc').OTLPTraceExporter)();
  }
}

function metricExporter(protocol: OtlpProtocol) {
  switch (protocol) {
    case 'http/protobuf':
      return new (load('@opentelemetry/exporter-metrics-otlp-proto').OTLPMetricExporter)();
    case 'http/json':
      return new (load('@opentelemetry/exporter-metrics-otlp-http').OTLPMetricExporter)();
    case 'grpc':
      return new (load('@opentelemetry/exporter-metrics-otlp-grpc').OTLPMetricExporter)();
  }
}

interface SdkModules {
  '@opentelemetry/sdk-node': typeof import('@opentelemetry/sdk-node');
  '@opentelemetry/sdk-metrics': typeof import('@opentelemetry/sdk-metrics');
  '@opentelemetry/sdk-trace-base': typeof import('@opentelemetry/sdk-trace-base');
  '@opentelemetry/exporter-trace-otlp-proto': typeof import('@opentelemetry/exporter-trace-otlp-proto');
  '@opentelemetry/exporter-trace-otlp-http': typeof import('@opentelemetry/exporter-trace-otlp-http');
  '@opentelemetry/exporter-trace-otlp-grpc': typeof import('@opentelemetry/exporter-trace-otlp-grpc');
  '@opentelemetry/exporter-metrics-otlp-proto': typeof import('@opentelemetry/exporter-metrics-otlp-proto');
  '@opentelemetry/exporter-metrics-otlp-http': typeof import('@opentelemetry/exporter-metrics-otlp-http');
  '@opentelemetry/exporter-metrics-otlp-grpc': typeof import('@opentelemetry/exporter-metrics-otlp-grpc');
  './shared-context-manager': typeof import('./shared-context-manager');
  './trace-id-ratio-sampler': typeof import('./trace-id-ratio-sampler');
}

/**
 * An SDK module (or one of ours built on it), loaded on first use only, so that a process with
 * telemetry off never loads the SDK (about 300 ms and its memory). `require` rather than `import()`: jest cannot run a dynamic
 * import, and in-process tests (libs/http's request-telemetry.spec.ts) start the SDK too.
 */
function load<Name extends keyof SdkModules>(name: Name): SdkModules[Name] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(name) as SdkModules[Name];
}
