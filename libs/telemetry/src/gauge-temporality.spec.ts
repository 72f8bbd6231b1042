import {
  AggregationTemporality,
  InMemoryMetricExporter,
  InstrumentType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { gaugesAsObserved } from './gauge-temporality';

/** Exports twice; the gauge is observed (and the other gauge recorded) only before the first. */
async function twoExports(wrap: (exporter: PushMetricExporter) => PushMetricExporter): Promise<string[][]> {
  const memory = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: wrap(memory), exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('test');
  let observe = true;
  meter.createObservableGauge('observed').addCallback((result) => {
    if (observe) {
      result.observe(7, { 'task.name': 'a' });
    }
  });
  meter.createGauge('recorded').record(3);
  meter.createCounter('counted').add(1);
  const names = () =>
    memory
      .getMetrics()
      .at(-1)!
      .scopeMetrics.flatMap((scope) => scope.metrics.map((m) => m.descriptor.name));
  await reader.forceFlush();
  const first = names();
  observe = false;
  await reader.forceFlush();
  const second = names();
  await provider.shutdown();
  return [first.sort(), second.sort()];
}

describe('gaugesAsObserved', () => {
  it('exports a gauge series only when it was observed or recorded since the last export', async () => {
    const exports = await twoExports((exporter) =>
      gaugesAsObserved(exporter, { AggregationTemporality, InstrumentType }),
    );
    expect(exports).toEqual([['counted', 'observed', 'recorded'], ['counted']]);
  });

  it('is needed: with cumulative temporality the SDK repeats stale gauges', async () => {
    const exports = await twoExports((exporter) => exporter);
    expect(exports[1]).toEqual(['counted', 'observed', 'recorded']);
  });
});
