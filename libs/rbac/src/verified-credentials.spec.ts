import { VerifiedCredentials } from './verified-credentials';

describe('VerifiedCredentials', () => {
  let now: number;
  const cache = (maxEntries = 10) => new VerifiedCredentials(60_000, maxEntries, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('remembers exactly the verified username, password and stored hash', () => {
    const subject = cache();
    subject.remember('alice', 'pw', 'hash1');
    expect(subject.has('alice', 'pw', 'hash1')).toBe(true);
    expect(subject.has('alice', 'pw2', 'hash1')).toBe(false);
    expect(subject.has('alice', 'pw', 'hash2')).toBe(false);
    expect(subject.has('bob', 'pw', 'hash1')).toBe(false);
    // Separators cannot be shifted between the parts.
    subject.remember('a:b', 'c', 'h');
    expect(subject.has('a', 'b:c', 'h')).toBe(false);
  });

  it('forgets an entry after its time', () => {
    const subject = cache();
    subject.remember('alice', 'pw', 'hash');
    now += 59_999;
    expect(subject.has('alice', 'pw', 'hash')).toBe(true);
    now += 1;
    expect(subject.has('alice', 'pw', 'hash')).toBe(false);
  });

  it('holds at most its bound, dropping the oldest', () => {
    const subject = cache(3);
    for (const user of ['a', 'b', 'c', 'd']) {
      subject.remember(user, 'pw', 'h');
      now += 1;
    }
    expect(['a', 'b', 'c', 'd'].map((user) => subject.has(user, 'pw', 'h'))).toEqual([false, true, true, true]);
  });

  it('holds no password, only digests', () => {
    const subject = cache();
    subject.remember('alice', 'a very secret password', 'hash');
    expect(JSON.stringify([...(subject as unknown as { entries: Map<string, number> }).entries])).not.toContain(
      'secret',
    );
  });
});
