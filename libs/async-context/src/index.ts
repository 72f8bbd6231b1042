// Free of NestJS and of OpenTelemetry: every process loads it, telemetry or not.
export { asyncContext, ContextSlot, rootContext, type ContextValues } from './async-context';
