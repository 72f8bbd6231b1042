import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/api';

const RANDOM_HEX_DIGITS = 14;
const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
const DROPPED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });

/**
 * Keeps a share of new traces, deciding on the trace id alone: the trace is sampled when its
 * rightmost 56 bits (W3C Trace Context level 2's random part), read as a number, are at least
 * (1 − ratio) × 2^56, the threshold test of OpenTelemetry's consistent probability sampling. The
 * content app decides this for every request it is not told about; the SDK's TraceIdRatioBasedSampler
 * folds all 128 bits through a character loop that cost the serving process about 1 µs a request.
 * The test is one comparison of lowercase hex strings of equal length, which orders as the numbers do;
 * our id generator writes lowercase hex.
 */
export class TraceIdRatioSampler implements Sampler {
  /** The threshold as RANDOM_HEX_DIGITS lowercase hex digits; undefined samples nothing. */
  private readonly threshold: string | undefined;

  constructor(private readonly ratio: number) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new RangeError(`A sampling ratio is between 0 and 1, not ${ratio}`);
    }
    const threshold = BigInt(Math.round((1 - ratio) * 2 ** (RANDOM_HEX_DIGITS * 4)));
    this.threshold =
      threshold >= 16n ** BigInt(RANDOM_HEX_DIGITS)
        ? undefined
        : threshold.toString(16).padStart(RANDOM_HEX_DIGITS, '0');
  }

  shouldSample(_context: unknown, traceId: string): SamplingResult {
    return this.threshold !== undefined && traceId.slice(-RANDOM_HEX_DIGITS) >= this.threshold ? SAMPLED : DROPPED;
  }

  toString(): string {
    return `TraceIdRatioSampler{${this.ratio}}`;
  }
}
