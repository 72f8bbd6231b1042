import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A token bucket holding one token, refilled `rate` times a second: requests leave at most `rate` per
 * second and evenly spaced, never in bursts, which is what rate-limited upstreams (CDNs, registries)
 * tolerate best.
 */
export class RateLimiter {
  private readonly interval: number;
  private next = 0;

  constructor(rate: number) {
    this.interval = 1000 / rate;
  }

  /** Waits for this request's turn; turns are handed out in call order. */
  async take(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + this.interval;
    if (at > now) {
      await sleep(at - now);
    }
  }
}
