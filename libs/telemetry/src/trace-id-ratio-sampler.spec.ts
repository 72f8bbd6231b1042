import { ROOT_CONTEXT, SamplingDecision } from '@opentelemetry/api';
import { PooledIdGenerator } from './pooled-id-generator';
import { TraceIdRatioSampler } from './trace-id-ratio-sampler';

const sampled = (sampler: TraceIdRatioSampler, traceId: string) =>
  sampler.shouldSample(ROOT_CONTEXT, traceId).decision === SamplingDecision.RECORD_AND_SAMPLED;

describe('TraceIdRatioSampler', () => {
  it('keeps about its share of random trace ids', () => {
    const ids = new PooledIdGenerator();
    for (const ratio of [0.1, 0.5]) {
      const sampler = new TraceIdRatioSampler(ratio);
      let kept = 0;
      for (let n = 0; n < 20_000; n++) {
        kept += sampled(sampler, ids.generateTraceId()) ? 1 : 0;
      }
      // 20,000 draws: the share is within ±0.02 of the ratio with overwhelming probability.
      expect(Math.abs(kept / 20_000 - ratio)).toBeLessThan(0.02);
    }
  });

  it('decides on the rightmost 56 bits against (1 − ratio) × 2^56, the same way every time', () => {
    // (1 − 0.25) × 2^56 = 0xc0000000000000.
    const sampler = new TraceIdRatioSampler(0.25);
    const head = 'ffffffffffffffffff';
    expect(sampled(sampler, `${head}c0000000000000`)).toBe(true);
    expect(sampled(sampler, `${head}bfffffffffffff`)).toBe(false);
    expect(sampled(sampler, `${'0'.repeat(18)}ffffffffffffff`)).toBe(true);
    expect(sampled(sampler, `${head}00000000000000`)).toBe(false);
  });

  it('keeps everything at 1 and nothing at 0', () => {
    expect(sampled(new TraceIdRatioSampler(1), `${'a'.repeat(18)}00000000000000`)).toBe(true);
    expect(sampled(new TraceIdRatioSampler(0), `${'a'.repeat(18)}ffffffffffffff`)).toBe(false);
  });

  it('refuses a ratio outside 0..1', () => {
    expect(() => new TraceIdRatioSampler(1.5)).toThrow(RangeError);
    expect(() => new TraceIdRatioSampler(Number.NaN)).toThrow(RangeError);
  });
});
