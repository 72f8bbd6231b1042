/**
 * The standard OpenTelemetry environment variables that we interpret ourselves (the exporters read
 * the endpoint, headers, timeouts and certificates on their own). This is the one place outside
 * @pulp/config that reads the environment: the OpenTelemetry specification names these variables.
 */

/** A telemetry variable that cannot be honoured: a start-up error, not a silent fallback. */
export class TelemetryConfigError extends Error {}

export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

export interface OtelEnvironment {
  serviceName: string;
  tracesProtocol: OtlpProtocol;
  metricsProtocol: OtlpProtocol;
  metricExportIntervalMillis: number;
  metricExportTimeoutMillis: number;
  /** OTEL_LOG_LEVEL set: the SDK then logs its own diagnostics to the console. */
  sdkLogLevelSet: boolean;
  /** The longest span attribute value kept (longer ones are truncated by the SDK). */
  attributeValueLengthLimit: number;
  /** API requests whose absolute URL (without its query) matches get neither span nor metric. */
  excludedUrls: RegExp | undefined;
  /**
   * The share of new traces sampled when OTEL_TRACES_SAMPLER is unset, or undefined for the SDK's
   * default (every one). A caller's sampled `traceparent` is followed either way.
   */
  rootSampleRatio: number | undefined;
}

/**
 * The content app traces one request in ten unless told otherwise: it answers thousands of small
 * requests a second, where a recorded span costs a tenth of the request (docs/telemetry.md, "Cost").
 * Its metrics still count every request.
 */
export const CONTENT_ROOT_SAMPLE_RATIO = 0.1;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the variables, with the specification's defaults; throws TelemetryConfigError. */
export function readOtelEnvironment(defaultServiceName: string, env: Env = process.env): OtelEnvironment {
  const interval = milliseconds(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000);
  return {
    serviceName: nonBlank(env.OTEL_SERVICE_NAME) ?? defaultServiceName,
    tracesProtocol: protocol(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'),
    metricsProtocol: protocol(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'),
    metricExportIntervalMillis: interval,
    // The SDK refuses a reader whose timeout exceeds its interval; a short interval implies a short timeout.
    metricExportTimeoutMillis: Math.min(milliseconds(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000), interval),
    sdkLogLevelSet: nonBlank(env.OTEL_LOG_LEVEL) !== undefined,
    // A junk URL or user agent must not bloat every export; the SDK's own default is no limit.
    attributeValueLengthLimit:
      positiveNumber(env, 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') ??
      positiveNumber(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT') ??
      2048,
    excludedUrls: excludedUrls(env),
    rootSampleRatio:
      defaultServiceName === 'pulp-content' && nonBlank(env.OTEL_TRACES_SAMPLER) === undefined
        ? CONTENT_ROOT_SAMPLE_RATIO
        : undefined,
  };
}

function protocol(env: Env, signalVariable: string): OtlpProtocol {
  const [variable, value] = [signalVariable, 'OTEL_EXPORTER_OTLP_PROTOCOL']
    .map((name) => [name, nonBlank(env[name])] as const)
    .find(([, set]) => set !== undefined) ?? ['', 'http/protobuf'];
  const found = PROTOCOLS.find((known) => known === value);
  if (!found) {
    throw new TelemetryConfigError(`${variable}="${value}" is not one of ${PROTOCOLS.join(', ')}`);
  }
  return found;
}

/**
 * As opentelemetry-instrumentation-django: OTEL_PYTHON_DJANGO_EXCLUDED_URLS, else
 * OTEL_PYTHON_EXCLUDED_URLS; plus our OTEL_NODE_EXCLUDED_URLS. Comma-separated regular expressions,
 * any of which may match anywhere in the URL (Python's `re.search`).
 */
function excludedUrls(env: Env): RegExp | undefined {
  const python = ['OTEL_PYTHON_DJANGO_EXCLUDED_URLS', 'OTEL_PYTHON_EXCLUDED_URLS'].find(
    (name) => nonBlank(env[name]) !== undefined,
  );
  const patterns = [python, 'OTEL_NODE_EXCLUDED_URLS'].flatMap((variable) =>
    variable === undefined
      ? []
      : (env[variable] ?? '')
          .split(',')
          .map((pattern) => pattern.trim())
          .filter((pattern) => pattern !== '')
          .map((pattern) => checkedPattern(variable, pattern)),
  );
  return patterns.length ? new RegExp(patterns.map((pattern) => `(?:${pattern})`).join('|')) : undefined;
}

function checkedPattern(variable: string, pattern: string): string {
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new TelemetryConfigError(
      `${variable}: "${pattern}" is not a valid regular expression: ${(error as Error).message}`,
    );
  }
  return pattern;
}

function milliseconds(env: Env, variable: string, fallback: number): number {
  return positiveNumber(env, variable) ?? fallback;
}

/** A positive number, or undefined when unset. */
function positiveNumber(env: Env, variable: string): number | undefined {
  const raw = nonBlank(env[variable]);
  if (raw === undefined) {
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new TelemetryConfigError(`${variable}="${raw}" must be a positive number`);
  }
  return value;
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
