export { TelemetryConfigError } from './otel-environment';
export {
  API_REQUEST_DURATION,
  excludedUrl,
  PULP_METER,
  shutdownTelemetry,
  startTelemetry,
  telemetryEnabled,
  type PulpService,
  type TelemetryLogger,
} from './telemetry';
export { TelemetryModule } from './telemetry.module';
