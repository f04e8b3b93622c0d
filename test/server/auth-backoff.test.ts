/**
 * The failed-authentication back-off, on an injected clock: a peer host that
 * keeps failing waits longer and longer; anyone else, and a host that proves
 * who it is, does not.
 */
import { strict as assert } from 'node:assert';
import { AuthBackoff, type AuthBackoffOptions } from '../../server/core/access/auth-backoff';

describe('auth back-off', () => {
  let now: number;
  const backoff = (options: AuthBackoffOptions = {}) => new AuthBackoff({ now: () => now, ...options });
  const failTimes = (b: AuthBackoff, host: string, times: number) => {
    for (let i = 0; i < times; i++) b.failed(host);
  };
  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a host fail four times, then refuses it for 1 s after the fifth failure', () => {
    const b = backoff();
    failTimes(b, '203.0.113.7', 4);
    assert.equal(b.retryAfterMs('203.0.113.7'), 0);
    b.failed('203.0.113.7');
    assert.equal(b.retryAfterMs('203.0.113.7'), 1000);
    now += 400;
    assert.equal(b.retryAfterMs('203.0.113.7'), 600);
    now += 600;
    assert.equal(b.retryAfterMs('203.0.113.7'), 0);
  });

  it('doubles the wait with each further failure, up to 5 minutes', () => {
    const b = backoff();
    failTimes(b, '203.0.113.7', 5);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      now += b.retryAfterMs('203.0.113.7'); // the host waits as told, then fails again
      b.failed('203.0.113.7');
      waits.push(b.retryAfterMs('203.0.113.7'));
    }
    assert.deepEqual(waits, [2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000, 300_000]);
  });

  it('does not count failures that are further apart than the window', () => {
    const b = backoff();
    for (let i = 0; i < 20; i++) {
      b.failed('198.51.100.2');
      now += 20_001; // never more than three within 60 s
    }
    assert.equal(b.retryAfterMs('198.51.100.2'), 0);
    failTimes(b, '198.51.100.2', 2);
    assert.equal(b.retryAfterMs('198.51.100.2'), 0);
    b.failed('198.51.100.2'); // with the two of the last 60 s, the fifth
    assert.equal(b.retryAfterMs('198.51.100.2'), 1000);
  });

  it('resets a host that authenticates successfully', () => {
    const b = backoff();
    failTimes(b, '203.0.113.7', 4);
    b.succeeded('203.0.113.7');
    failTimes(b, '203.0.113.7', 4);
    assert.equal(b.retryAfterMs('203.0.113.7'), 0);
  });

  it('forgives a refused host that stays quiet for the window after its refusal, not one that fails again at once', () => {
    const b = backoff();
    failTimes(b, '203.0.113.7', 7); // refused for 4 s
    now += 4000 + 60_000;
    b.failed('203.0.113.7');
    assert.equal(b.retryAfterMs('203.0.113.7'), 0, 'counting starts over');

    const c = backoff();
    failTimes(c, '203.0.113.8', 7);
    now += 4000 + 59_999;
    c.failed('203.0.113.8');
    assert.equal(c.retryAfterMs('203.0.113.8'), 8000);
  });

  it('counts per host, whatever the port, and leaves other hosts alone', () => {
    const b = backoff();
    for (let port = 40_000; port < 40_005; port++) b.failed(`192.0.2.1:${port}`);
    assert.equal(b.retryAfterMs('192.0.2.1'), 1000);
    assert.equal(b.retryAfterMs('[::ffff:192.0.2.1]:50000'), 1000, 'the IPv4-mapped form is the same host');
    assert.equal(b.retryAfterMs('192.0.2.2'), 0);
  });

  it('counts an IPv6 caller by its /64, so fresh addresses from one block do not reset the count', () => {
    const b = backoff();
    ['2001:db8:1:2::1', '2001:db8:1:2:aaaa::9', '2001:DB8:1:2:ffff:ffff:ffff:ffff', '[2001:db8:1:2::7]:443', '2001:db8:1:2::5%eth0'].forEach((host) =>
      b.failed(host),
    );
    assert.equal(b.retryAfterMs('2001:db8:1:2::abcd'), 1000);
    assert.equal(b.retryAfterMs('2001:db8:1:3::1'), 0, 'the next /64 is another host');
    assert.equal(b.retryAfterMs('::1'), 0);
  });

  it('tracks at most maxHosts hosts, forgetting the one whose last failure is oldest', () => {
    const b = backoff({ maxHosts: 100 });
    failTimes(b, '203.0.113.1', 5);
    for (let i = 0; i < 1000; i++) b.failed(`10.0.${i >> 8}.${i & 255}`);
    assert.equal(b.trackedHosts(), 100);
    assert.equal(b.retryAfterMs('203.0.113.1'), 0, 'evicted by the flood');

    const c = backoff({ maxHosts: 100 });
    for (let i = 0; i < 99; i++) c.failed(`10.0.0.${i}`);
    failTimes(c, '203.0.113.1', 5);
    for (let i = 99; i < 120; i++) c.failed(`10.0.0.${i}`);
    assert.equal(c.trackedHosts(), 100);
    assert.equal(c.retryAfterMs('203.0.113.1'), 1000, 'a host failing lately is kept');
    failTimes(c, '10.0.0.0', 4);
    assert.equal(c.retryAfterMs('10.0.0.0'), 0, 'the oldest was forgotten: these are its first four failures');
    failTimes(c, '10.0.0.119', 4);
    assert.equal(c.retryAfterMs('10.0.0.119'), 1000, 'a recent one was not: this is its fifth');
  });

  it('takes other thresholds and times', () => {
    const b = backoff({ threshold: 2, baseMs: 50, maxMs: 120, windowMs: 1000 });
    failTimes(b, 'h', 2);
    assert.equal(b.retryAfterMs('h'), 50);
    b.failed('h');
    assert.equal(b.retryAfterMs('h'), 100);
    b.failed('h');
    assert.equal(b.retryAfterMs('h'), 120);
  });

  it('refuses settings that are not whole numbers from 1, or a longest wait below the first', () => {
    assert.throws(() => backoff({ threshold: 0 }), /threshold must be a whole number from 1, not 0/);
    assert.throws(() => backoff({ baseMs: 1.5 }), /baseMs must be a whole number from 1, not 1.5/);
    assert.throws(() => backoff({ baseMs: 2000, maxMs: 1000 }), /maxMs \(1000\) is below baseMs \(2000\)/);
  });
});
