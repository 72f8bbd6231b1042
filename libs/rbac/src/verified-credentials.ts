import { createHmac, randomBytes } from 'node:crypto';

/**
 * Credentials that passed a password check recently, so that a client sending them on every request
 * does not pay a 128 MiB scrypt each time. Only a keyed digest is kept (HMAC with a key made per
 * process, over username, password and the stored hash): no password is held, a dump of the memory
 * reveals none, and a changed password or hash no longer matches. Bounded in size and age.
 */
export class VerifiedCredentials {
  private readonly key = randomBytes(32);
  /** digest → expiry (ms); Map order is insertion order, so the first entry expires first. */
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  has(username: string, password: string, storedHash: string): boolean {
    const digest = this.digest(username, password, storedHash);
    const expiry = this.entries.get(digest);
    if (expiry === undefined) {
      return false;
    }
    if (expiry <= this.now()) {
      this.entries.delete(digest);
      return false;
    }
    return true;
  }

  remember(username: string, password: string, storedHash: string): void {
    const now = this.now();
    for (const [digest, expiry] of this.entries) {
      if (expiry > now && this.entries.size < this.maxEntries) {
        break;
      }
      this.entries.delete(digest);
    }
    const digest = this.digest(username, password, storedHash);
    this.entries.delete(digest);
    this.entries.set(digest, now + this.ttlMs);
  }

  private digest(username: string, password: string, storedHash: string): string {
    // JSON keeps the three apart: no choice of username and password collides with another's.
    return createHmac('sha256', this.key)
      .update(JSON.stringify([username, password, storedHash]))
      .digest('base64');
  }
}
