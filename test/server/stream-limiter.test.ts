/** Open streams per principal: one caller at its limit never locks out another, and every stream that ends frees its slot once. */
import { strict as assert } from 'node:assert';
import { StreamLimiter } from '../../server/core/access/stream-limiter';

describe('stream limiter', () => {
  it('gives a principal up to its limit of open streams, then refuses, without touching other principals', () => {
    const limiter = new StreamLimiter(3);
    const alice = [limiter.acquire('alice'), limiter.acquire('alice'), limiter.acquire('alice')];
    assert.ok(alice.every((release) => typeof release === 'function'));
    assert.equal(limiter.acquire('alice'), undefined);
    assert.equal(limiter.openFor('alice'), 3);
    assert.ok(limiter.acquire('bob'), 'another principal still gets a stream');
    assert.equal(limiter.openFor('bob'), 1);
  });

  it('frees a slot when a stream ends, once however often its release is called', () => {
    const limiter = new StreamLimiter(2);
    const first = limiter.acquire('alice')!;
    const second = limiter.acquire('alice')!;
    first();
    first();
    first();
    assert.equal(limiter.openFor('alice'), 1, 'one release per stream');
    assert.ok(limiter.acquire('alice'));
    assert.equal(limiter.acquire('alice'), undefined);
    second();
    assert.equal(limiter.openFor('alice'), 1);
  });

  it('counts nothing for a principal whose streams all ended', () => {
    const limiter = new StreamLimiter(64);
    const releases = Array.from({ length: 64 }, () => limiter.acquire('script')!);
    assert.equal(limiter.acquire('script'), undefined);
    for (const release of releases) release();
    assert.equal(limiter.openFor('script'), 0);
    assert.equal(limiter.openFor('never-seen'), 0);
    assert.ok(limiter.acquire('script'));
  });

  it('refuses a limit that is not a whole number from 1, naming the config key', () => {
    assert.throws(() => new StreamLimiter(0), /maxStreamsPerPrincipal must be a whole number from 1, e\.g\. 64, not 0/);
    assert.throws(() => new StreamLimiter(2.5), /not 2\.5/);
  });
});
