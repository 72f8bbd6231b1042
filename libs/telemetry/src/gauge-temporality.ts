import type { AggregationTemporality, InstrumentType, PushMetricExporter } from '@opentelemetry/sdk-metrics';

/** The SDK's enums, passed in: this module must not load the SDK when telemetry is off. */
export interface SdkEnums {
  AggregationTemporality: typeof AggregationTemporality;
  InstrumentType: typeof InstrumentType;
}

/**
 * The exporter, except that gauges are collected with delta temporality. With cumulative
 * temporality the SDK exports again, at every export, the last value of every gauge series ever
 * observed: a series that is no longer observed (a task name whose queue emptied; a worker that did
 * not win the period of the deployment-wide task gauges) would keep reporting a stale value. With
 * delta, a gauge series is exported when observed (or recorded) since the previous export only.
 * OTLP gauges carry no temporality, so nothing else changes on the wire.
 */
export function gaugesAsObserved(
  exporter: PushMetricExporter,
  { AggregationTemporality, InstrumentType }: SdkEnums,
): PushMetricExporter {
  const gauges: readonly InstrumentType[] = [InstrumentType.GAUGE, InstrumentType.OBSERVABLE_GAUGE];
  return {
    export: (metrics, done) => exporter.export(metrics, done),
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    selectAggregation: exporter.selectAggregation?.bind(exporter),
    selectAggregationTemporality: (type) =>
      gauges.includes(type)
        ? AggregationTemporality.DELTA
        : (exporter.selectAggregationTemporality?.(type) ?? AggregationTemporality.CUMULATIVE),
  };
}
