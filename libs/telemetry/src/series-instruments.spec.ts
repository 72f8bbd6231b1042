import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { SeriesCounter, SeriesHistogram, seriesProducer } from './series-instruments';

const ENUMS = { AggregationTemporality, DataPointType };
const CUMULATIVE = { histogram: AggregationTemporality.CUMULATIVE, sum: AggregationTemporality.CUMULATIVE };
const DELTA = { histogram: AggregationTemporality.DELTA, sum: AggregationTemporality.DELTA };

async function collected(
  instruments: (SeriesHistogram | SeriesCounter)[],
  temporality = CUMULATIVE,
  producer = seriesProducer('pulp.metrics', () => instruments, ENUMS, temporality),
): Promise<MetricData[]> {
  const { resourceMetrics } = await producer.collect();
  expect(resourceMetrics.scopeMetrics.map((scope) => scope.scope.name)).toEqual(['pulp.metrics']);
  return resourceMetrics.scopeMetrics[0].metrics;
}

describe('SeriesHistogram', () => {
  it('counts values in buckets whose upper bounds are inclusive, with count, sum, min and max per series', async () => {
    const histogram = new SeriesHistogram({ name: 'd', unit: 'ms', description: 'D.' }, [10, 100]);
    const built = jest.fn(() => ({ route: '/a' }));
    for (const value of [3, 10, 10.5, 100, 250]) {
      histogram.record('a', value, built);
    }
    histogram.record('b', 1, () => ({ route: '/b' }));

    const [metric] = await collected([histogram]);
    expect(built).toHaveBeenCalledTimes(1);
    expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(metric.descriptor).toMatchObject({ name: 'd', unit: 'ms', description: 'D.' });
    expect(metric.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(metric.dataPoints.map((point) => [point.attributes, point.value])).toEqual([
      [
        { route: '/a' },
        { buckets: { boundaries: [10, 100], counts: [2, 2, 1] }, count: 5, sum: 373.5, min: 3, max: 250 },
      ],
      [{ route: '/b' }, { buckets: { boundaries: [10, 100], counts: [1, 0, 0] }, count: 1, sum: 1, min: 1, max: 1 }],
    ]);
  });

  it('keeps adding up with cumulative temporality, from one start time', async () => {
    const histogram = new SeriesHistogram({ name: 'd', unit: 'ms', description: '' }, [10]);
    histogram.record('a', 1, () => ({}));
    const [first] = await collected([histogram]);
    histogram.record('a', 20, () => ({}));
    const [second] = await collected([histogram]);
    expect(second.dataPoints[0].value).toMatchObject({ count: 2, buckets: { counts: [1, 1] } });
    expect(second.dataPoints[0].startTime).toEqual(first.dataPoints[0].startTime);
  });

  it('starts afresh after each collection with delta temporality, and exports nothing for an idle period', async () => {
    const histogram = new SeriesHistogram({ name: 'd', unit: 'ms', description: '' }, [10]);
    histogram.record('a', 1, () => ({}));
    const [first] = await collected([histogram], DELTA);
    expect(await collected([histogram], DELTA)).toEqual([]);
    histogram.record('a', 20, () => ({}));
    const [third] = await collected([histogram], DELTA);
    expect(third.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(third.dataPoints[0].value).toMatchObject({ count: 1, buckets: { counts: [0, 1] } });
    expect(third.dataPoints[0].startTime).toEqual(first.dataPoints[0].endTime);
  });
});

describe('SeriesCounter', () => {
  it('sums per series as a monotonic sum of integers', async () => {
    const counter = new SeriesCounter({ name: 'bytes', unit: 'Bytes', description: '' });
    counter.add('x', 4096, () => ({ domain_name: 'x' }));
    counter.add('x', 100, () => ({ domain_name: 'x' }));
    counter.add('y', 7, () => ({ domain_name: 'y' }));
    const [metric] = await collected([counter]);
    expect(metric.dataPointType).toBe(DataPointType.SUM);
    expect(metric).toMatchObject({ isMonotonic: true });
    expect(metric.dataPoints.map((point) => [point.attributes, point.value])).toEqual([
      [{ domain_name: 'x' }, 4196],
      [{ domain_name: 'y' }, 7],
    ]);
  });
});
