// Types only from the SDK: this module must not load it when telemetry is off.
import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import type { AggregationTemporality, DataPoint, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';

/** The SDK's default histogram boundaries (milliseconds, for durations). */
export const DEFAULT_BOUNDARIES: readonly number[] = [
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
];

interface Descriptor {
  name: string;
  unit: string;
  description: string;
}

/** The SDK's enums, passed in, as gauge-temporality.ts takes them. */
export interface SeriesEnums {
  AggregationTemporality: typeof AggregationTemporality;
  DataPointType: typeof import('@opentelemetry/sdk-metrics').DataPointType;
}

interface HistogramSeries {
  attributes: Attributes;
  counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

interface CounterSeries {
  attributes: Attributes;
  value: number;
}

/**
 * Instruments for what every request records, kept out of the SDK's per-measurement path: the SDK
 * sorts and serializes a measurement's attributes to find its series, and allocates them, on every
 * call, which made request telemetry cost about a tenth of a small file's serving. Here the caller
 * names the series with a string it builds cheaply, attributes are built once per series, and the
 * aggregate is handed to the metric reader at export time as a MetricProducer.
 */
abstract class SeriesInstrument<Series extends { attributes: Attributes }> {
  protected series = new Map<string, Series>();
  protected startTime: HrTime = now();

  constructor(readonly descriptor: Descriptor) {}

  /** The series, with the data point it holds, as of `endTime`; with delta temporality, started afresh. */
  collect(enums: SeriesEnums, temporality: AggregationTemporality, endTime: HrTime): MetricData | undefined {
    if (this.series.size === 0) {
      return undefined;
    }
    const data = {
      descriptor: { ...this.descriptor, valueType: this.valueType },
      aggregationTemporality: temporality,
      ...this.shape(enums.DataPointType, this.startTime, endTime),
    } as MetricData;
    if (temporality === enums.AggregationTemporality.DELTA) {
      this.series = new Map();
      this.startTime = endTime;
    }
    return data;
  }

  protected abstract readonly valueType: ValueType;

  /** The data point type and points (and what else the type has) of the series. */
  protected abstract shape(
    types: SeriesEnums['DataPointType'],
    startTime: HrTime,
    endTime: HrTime,
  ): Omit<MetricData, 'descriptor' | 'aggregationTemporality'>;

  /** One data point per series, valued by `value`. */
  protected points<T>(startTime: HrTime, endTime: HrTime, value: (series: Series) => T): DataPoint<T>[] {
    return [...this.series.values()].map((series) => ({
      startTime,
      endTime,
      attributes: series.attributes,
      value: value(series),
    }));
  }
}

export class SeriesHistogram extends SeriesInstrument<HistogramSeries> {
  private readonly boundaries: number[];

  constructor(descriptor: Descriptor, boundaries: readonly number[]) {
    super(descriptor);
    this.boundaries = [...boundaries];
  }

  /** Records `value` in the series `key`, whose attributes `attributes()` gives when it is new. */
  record(key: string, value: number, attributes: () => Attributes): void {
    let series = this.series.get(key);
    if (series === undefined) {
      series = {
        attributes: attributes(),
        counts: new Array<number>(this.boundaries.length + 1).fill(0),
        count: 0,
        sum: 0,
        min: Infinity,
        max: -Infinity,
      };
      this.series.set(key, series);
    }
    // Upper bounds are inclusive, as in the SDK.
    let bucket = 0;
    while (bucket < this.boundaries.length && value > this.boundaries[bucket]) {
      bucket++;
    }
    series.counts[bucket]++;
    series.count++;
    series.sum += value;
    series.min = Math.min(series.min, value);
    series.max = Math.max(series.max, value);
  }

  protected readonly valueType = ValueType.DOUBLE;

  protected shape(types: SeriesEnums['DataPointType'], startTime: HrTime, endTime: HrTime) {
    return {
      dataPointType: types.HISTOGRAM,
      dataPoints: this.points(startTime, endTime, (series) => ({
        buckets: { boundaries: this.boundaries, counts: [...series.counts] },
        count: series.count,
        sum: series.sum,
        min: series.min,
        max: series.max,
      })),
    };
  }
}

/** A monotonic sum of integers (bytes). */
export class SeriesCounter extends SeriesInstrument<CounterSeries> {
  add(key: string, value: number, attributes: () => Attributes): void {
    let series = this.series.get(key);
    if (series === undefined) {
      series = { attributes: attributes(), value: 0 };
      this.series.set(key, series);
    }
    series.value += value;
  }

  protected readonly valueType = ValueType.INT;

  protected shape(types: SeriesEnums['DataPointType'], startTime: HrTime, endTime: HrTime) {
    return {
      dataPointType: types.SUM,
      isMonotonic: true,
      dataPoints: this.points(startTime, endTime, (series) => series.value),
    };
  }
}

/**
 * The instruments of one meter, exported as that meter's (a second scope entry of the same name in
 * the export, which OTLP allows). `temporality` is the exporter's choice for histograms and sums.
 */
export function seriesProducer(
  meter: string,
  instruments: () => readonly (SeriesHistogram | SeriesCounter)[],
  enums: SeriesEnums,
  temporality: { histogram: AggregationTemporality; sum: AggregationTemporality },
): MetricProducer {
  return {
    collect: () => {
      const endTime = now();
      const metrics = instruments().flatMap((instrument) => {
        const chosen = instrument instanceof SeriesHistogram ? temporality.histogram : temporality.sum;
        return instrument.collect(enums, chosen, endTime) ?? [];
      });
      return Promise.resolve({
        // The reader keeps the SDK's resource and takes only the scopes of a producer.
        resourceMetrics: { resource: undefined as never, scopeMetrics: [{ scope: { name: meter }, metrics }] },
        errors: [],
      });
    },
  };
}

function now(): HrTime {
  const millis = performance.timeOrigin + performance.now();
  return [Math.trunc(millis / 1000), Math.round((millis % 1000) * 1e6)];
}
