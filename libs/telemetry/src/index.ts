// Free of NestJS, so that unit tests can load it; TelemetryModule is `@pulp/telemetry/nest`.
export { readOtelEnvironment, TelemetryConfigError } from './otel-environment';
export { redactQuery, redactQueryValues } from './redact';
export type { SeriesCounter, SeriesHistogram } from './series-instruments';
export {
  API_REQUEST_DURATION,
  excludedUrl,
  PULP_METER,
  seriesCounter,
  seriesHistogram,
  shutdownTelemetry,
  startTelemetry,
  telemetryEnabled,
  type PulpService,
  type TelemetryLogger,
} from './telemetry';
