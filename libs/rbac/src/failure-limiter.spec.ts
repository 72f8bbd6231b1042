import { addressKey, FailureLimiter } from './failure-limiter';

describe('FailureLimiter', () => {
  let now: number;
  const limiter = () =>
    new FailureLimiter({ failures: 3, windowSeconds: 60, lockoutSeconds: 10, maxLockoutSeconds: 25 }, () => now);
  const fail = (subject: FailureLimiter, key: string, times: number) => {
    for (let i = 0; i < times; i += 1) {
      subject.recordFailure(key);
    }
  };

  beforeEach(() => {
    now = 1_000_000;
  });

  it('locks a key out after the allowed failures, and only that key', () => {
    const subject = limiter();
    fail(subject, 'alice', 2);
    expect(subject.retryAfter('alice')).toBe(0);
    subject.recordFailure('alice');
    expect(subject.retryAfter('alice')).toBe(10);
    expect(subject.retryAfter('bob')).toBe(0);
    now += 9_500;
    expect(subject.retryAfter('alice')).toBe(1);
    now += 500;
    expect(subject.retryAfter('alice')).toBe(0);
  });

  it('doubles each repeated lockout up to the maximum', () => {
    const subject = limiter();
    const lockouts: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      fail(subject, 'alice', 3);
      lockouts.push(subject.retryAfter('alice'));
      now += lockouts[round] * 1000;
    }
    expect(lockouts).toEqual([10, 20, 25, 25]);
  });

  it('counts failures within the window only', () => {
    const subject = limiter();
    fail(subject, 'alice', 2);
    now += 60_000;
    fail(subject, 'alice', 2);
    expect(subject.retryAfter('alice')).toBe(0);
  });

  it('forgets a quiet key, lockout history included', () => {
    const subject = limiter();
    fail(subject, 'alice', 3);
    now += 10_000 + 60_000;
    fail(subject, 'alice', 3);
    expect(subject.retryAfter('alice')).toBe(10);
  });

  it('forgets a key on request (a success)', () => {
    const subject = limiter();
    fail(subject, 'alice', 2);
    subject.forget('alice');
    fail(subject, 'alice', 2);
    expect(subject.retryAfter('alice')).toBe(0);
  });
});

describe('addressKey', () => {
  it('counts an IPv6 client by its /64, however the address is written', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('keeps IPv4 addresses, IPv4-mapped ones included', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });
});
