import { isValidSpanId, isValidTraceId } from '@opentelemetry/api';
import { PooledIdGenerator } from './pooled-id-generator';

describe('PooledIdGenerator', () => {
  it('makes valid, distinct trace and span ids, across refills of its pool', () => {
    const generator = new PooledIdGenerator();
    const traceIds = new Set<string>();
    const spanIds = new Set<string>();
    for (let n = 0; n < 2_000; n++) {
      const traceId = generator.generateTraceId();
      const spanId = generator.generateSpanId();
      expect(isValidTraceId(traceId)).toBe(true);
      expect(isValidSpanId(spanId)).toBe(true);
      // Lowercase: TraceIdRatioSampler compares ids as lowercase hex.
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      traceIds.add(traceId);
      spanIds.add(spanId);
    }
    expect(traceIds.size).toBe(2_000);
    expect(spanIds.size).toBe(2_000);
  });

  it('two generators draw different ids', () => {
    expect(new PooledIdGenerator().generateTraceId()).not.toBe(new PooledIdGenerator().generateTraceId());
  });
});
