/** The bounded worker pool mobilityctl --hosts and Install on Several Hosts run their hosts in. */
import { strict as assert } from 'node:assert';
import { mapWithLimit } from '../../client/fleet/worker-pool';

describe('client: the worker pool for many hosts', () => {
  it('runs at most N at once, keeps the hosts\' order, and starts nothing after a cancel', async () => {
    let running = 0;
    let most = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const controller = new AbortController();
    const results = await mapWithLimit(
      ['a', 'b', 'c', 'd', 'e'],
      2,
      async (host) => {
        running += 1;
        most = Math.max(most, running);
        if (host === 'a') await gate; // a slow host holds one slot; the other slot goes on
        if (host === 'c') {
          controller.abort(); // Cancel while a still runs
          release();
        }
        running -= 1;
        return `${host}:done`;
      },
      (host) => `${host}:not started`,
      controller.signal,
    );
    assert.equal(most, 2);
    assert.deepEqual(results, ['a:done', 'b:done', 'c:done', 'd:not started', 'e:not started']);
  });
});
