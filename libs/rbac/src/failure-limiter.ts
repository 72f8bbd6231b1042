/** How many failed authentications a key (a username, a client address) may have, and what follows. */
export interface FailureLimits {
  /** Failures within `windowSeconds` that lock the key out. */
  failures: number;
  /** Seconds over which failures are counted; also how long a quiet key's history is kept. */
  windowSeconds: number;
  /** The first lockout; each further one while the history is kept lasts twice as long. */
  lockoutSeconds: number;
  /** The longest lockout: nobody is locked out for longer, however long an attack lasts. */
  maxLockoutSeconds: number;
}

interface Entry {
  failures: number;
  windowStart: number;
  lockedUntil: number;
  lockouts: number;
  /** When the history may be forgotten (a window after the last failure or the end of the lockout). */
  forgetAt: number;
}

/** Keys remembered at most: a spray of usernames costs a bounded amount of memory. */
const MAX_KEYS = 100_000;

/**
 * Failed authentications per key, with exponential backoff: `failures` within the window lock the
 * key out for `lockoutSeconds`, doubling with each repeated lockout up to `maxLockoutSeconds`. A
 * key that stays quiet for a window is forgotten, so the real owner is never locked out for good.
 * In memory, per process.
 */
export class FailureLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limits: FailureLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whole seconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string): number {
    const entry = this.current(key);
    const wait = entry ? entry.lockedUntil - this.now() : 0;
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  recordFailure(key: string): void {
    const now = this.now();
    const { failures, windowSeconds, lockoutSeconds, maxLockoutSeconds } = this.limits;
    const entry = this.current(key) ?? { failures: 0, windowStart: now, lockedUntil: 0, lockouts: 0, forgetAt: 0 };
    if (now - entry.windowStart >= windowSeconds * 1000) {
      entry.failures = 0;
      entry.windowStart = now;
    }
    entry.failures += 1;
    if (entry.failures >= failures) {
      const seconds = Math.min(maxLockoutSeconds, lockoutSeconds * 2 ** Math.min(entry.lockouts, 30));
      entry.lockedUntil = now + seconds * 1000;
      entry.lockouts += 1;
      entry.failures = 0;
      entry.windowStart = entry.lockedUntil;
    }
    entry.forgetAt = Math.max(now, entry.lockedUntil) + windowSeconds * 1000;
    this.store(key, entry);
  }

  /** A success proves the key's owner: its history goes (used for usernames, never for addresses). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.forgetAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private store(key: string, entry: Entry): void {
    // Re-inserted, so the Map's order is the order of last use and the first key the stalest.
    this.entries.delete(key);
    if (this.entries.size >= MAX_KEYS) {
      const now = this.now();
      for (const [stale, { forgetAt }] of this.entries) {
        if (forgetAt <= now) {
          this.entries.delete(stale);
        }
      }
      if (this.entries.size >= MAX_KEYS) {
        this.entries.delete(this.entries.keys().next().value!);
      }
    }
    this.entries.set(key, entry);
  }
}

/**
 * The key failures from a client address are counted under: an IPv6 client holds a whole /64, so
 * its first four groups (an IPv4 address, also IPv4-mapped, as it is).
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) {
    return mapped[1];
  }
  if (!address.includes(':')) {
    return address;
  }
  const [head, tail = ''] = address.split('%')[0].toLowerCase().split('::');
  const before = head === '' ? [] : head.split(':');
  const after = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...before, ...Array<string>(Math.max(0, 8 - before.length - after.length)).fill('0'), ...after]
    : before;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
