/**
 * Refreshing many hosts: the extension's scheduler, store, client pool and
 * query against real mobilityd, a closed port and a host that accepts
 * connections but never answers. A dead or slow host must not delay the
 * others; at most maxConcurrent queries run; the periodic refresh runs only
 * while the view is visible; a daemon that comes back is seen at the next
 * refresh; 500 hosts are all shown, each with its true state. Every wait is
 * on the scheduler's own promises (refreshAll, settled); the periodic refresh
 * runs on timers and a clock the test moves by hand.
 */
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { ClientPool } from '../../extension/src/model/client-pool';
import { hostQuery } from '../../extension/src/model/host-refresher';
import type { HostEntry } from '../../extension/src/model/host-settings';
import { HostStore } from '../../extension/src/model/host-store';
import { hostState } from '../../extension/src/model/host-state';
import { RefreshScheduler } from '../../extension/src/model/refresh-scheduler';
import { closedPort } from '../helpers/closed-port';
import { makeSandbox } from '../helpers/sandbox';
import { startManyAddressDaemon } from '../helpers/many-address-daemon';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';

/** A host that accepts TCP connections and never says a word (a hung daemon, a black-holing proxy). */
async function silentHost(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface Rig {
  store: HostStore;
  pool: ClientPool;
  scheduler: RefreshScheduler;
  /** The order in which each host's first answer was stored (0 for the first). */
  arrivals: Map<string, number>;
}

function rig(hosts: HostEntry[], options: { maxConcurrent: number; timeoutMs: number; intervalMs?: number }): Rig {
  const store = new HostStore();
  const pool = new ClientPool();
  const arrivals = new Map<string, number>();
  const r: Rig = { store, pool, scheduler: undefined as unknown as RefreshScheduler, arrivals };
  store.onDidChange((names) => {
    for (const name of names ?? []) if (!arrivals.has(name) && store.snapshot(name).kind !== 'loading') arrivals.set(name, arrivals.size);
  });
  r.scheduler = new RefreshScheduler({
    keys: () => store.names(),
    query: hostQuery(store, pool, { timeoutMs: () => options.timeoutMs }, (name) => void r.scheduler.refresh([name], true)),
    maxConcurrent: () => options.maxConcurrent,
    intervalMs: () => options.intervalMs ?? 0,
  });
  // Plain gRPC, no token: what resolveConnection gives these hosts.
  pool.setConnections(hosts.map((h) => ({ name: h.name, address: h.address, security: {}, trustOnFirstUse: false, key: h.address })));
  store.setHosts(hosts);
  return r;
}

describe('extension: refreshing many hosts', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function daemons(n: number): Promise<TestDaemon[]> {
    const list = await Promise.all(Array.from({ length: n }, () => startTestDaemon()));
    cleanups.push(async () => {
      for (const d of list) await d.stop();
    });
    return list;
  }

  it('a dead host and a silent host do not delay the live ones; each is shown as its answer arrives', async () => {
    const live = await daemons(3);
    const silent = await silentHost();
    cleanups.push(silent.close);
    const dead = `127.0.0.1:${await closedPort()}`;
    const timeoutMs = 1500;
    // The slow and dead hosts come first, and there are only two slots.
    const hosts: HostEntry[] = [
      { name: 'silent', address: silent.address },
      { name: 'dead', address: dead },
      ...live.map((d, i) => ({ name: `live-${i}`, address: d.address })),
    ];
    const r = rig(hosts, { maxConcurrent: 2, timeoutMs });
    cleanups.push(() => r.pool.closeAll());
    await r.scheduler.refreshAll(true);

    // Every live host (and the refused one) was shown before the silent host was given up on.
    assert.equal(r.arrivals.size, hosts.length, 'every host was shown');
    const silentAt = r.arrivals.get('silent')!;
    for (let i = 0; i < live.length; i++) {
      const name = `live-${i}`;
      assert.equal(hostState(r.store.snapshot(name)), 'notInstalled', name);
      assert.ok(r.arrivals.get(name)! < silentAt, `${name} was held up by the silent host`);
    }
    const deadSnapshot = r.store.snapshot('dead');
    assert.equal(deadSnapshot.kind, 'unreachable');
    assert.equal(deadSnapshot.kind === 'unreachable' && deadSnapshot.reason, 'connection refused');
    assert.ok(r.arrivals.get('dead')! < silentAt, 'the closed port was not held up by the silent host');
    // Given up on by its deadline (DEADLINE_EXCEEDED), not before: that is the only way to this reason.
    const silentSnapshot = r.store.snapshot('silent');
    assert.equal(silentSnapshot.kind === 'unreachable' && silentSnapshot.reason, `no answer within ${timeoutMs} ms`);
    assert.equal(silentAt, hosts.length - 1, 'the silent host is shown last');
  });

  it('never runs more than maxConcurrent queries at once', async () => {
    const [d] = await daemons(1);
    let running = 0;
    let most = 0;
    const done: string[] = [];
    const pool = new ClientPool();
    cleanups.push(() => pool.closeAll());
    pool.setConnections([{ name: 'd', address: d.address, security: {}, trustOnFirstUse: false, key: d.address }]);
    const keys = Array.from({ length: 20 }, (_, i) => `h${i}`);
    const scheduler = new RefreshScheduler({
      keys: () => keys,
      maxConcurrent: () => 3,
      intervalMs: () => 0,
      query: async (key) => {
        running += 1;
        most = Math.max(most, running);
        try {
          await pool.get('d').getStatus({ timeoutMs: 2000 });
        } finally {
          running -= 1;
          done.push(key);
        }
      },
    });
    await scheduler.refreshAll(true);
    assert.equal(most, 3);
    assert.deepEqual([...done].sort(), [...keys].sort());
  });

  it('refreshes periodically only while visible, and catches up on what was asked while hidden', async () => {
    const queried: string[] = [];
    const timers = new ManualTimers();
    const scheduler = new RefreshScheduler({
      keys: () => ['a', 'b'],
      maxConcurrent: () => 4,
      intervalMs: () => 60,
      query: async (key) => void queried.push(key),
      timers,
    });
    cleanups.push(() => scheduler.dispose());
    await scheduler.refresh(['a']); // hidden: remembered, not run
    await scheduler.refreshAll();
    assert.deepEqual(queried, [], 'nothing runs while hidden');
    assert.equal(timers.pending(), 0, 'and no periodic refresh is scheduled');

    scheduler.setVisible(true); // shows: everything is due at once
    await scheduler.settled();
    assert.deepEqual([...queried].sort(), ['a', 'b']);
    for (let round = 0; round < 2; round++) {
      assert.equal(timers.pending(), 1, 'the next periodic round is scheduled');
      timers.fire();
      await scheduler.settled();
    }
    assert.equal(queried.length, 6, 'three rounds of two hosts');

    scheduler.setVisible(false);
    assert.equal(timers.pending(), 0, 'no periodic refresh while hidden');
    await scheduler.refresh(['b']); // an event while hidden
    assert.equal(queried.length, 6);
    scheduler.setVisible(true); // no time has passed since the last round: only what was asked runs
    await scheduler.settled();
    assert.deepEqual(queried.slice(6), ['b'], 'the remembered refresh runs when the view shows');

    scheduler.setVisible(false);
    timers.advance(60);
    scheduler.setVisible(true); // hidden for a whole interval: a full round is due
    await scheduler.settled();
    assert.deepEqual([...queried.slice(7)].sort(), ['a', 'b']);
    scheduler.dispose();
  });

  it('asks a host again when asked during its query, and never twice at once', async () => {
    let running = 0;
    let overlapped = false;
    let runs = 0;
    let release: () => void = () => undefined;
    const scheduler = new RefreshScheduler({
      keys: () => ['a'],
      maxConcurrent: () => 4,
      intervalMs: () => 0,
      query: async () => {
        runs += 1;
        running += 1;
        if (running > 1) overlapped = true;
        if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
        running -= 1;
      },
    });
    const first = scheduler.refresh(['a'], true);
    const second = scheduler.refresh(['a'], true); // while the first runs
    release();
    await Promise.all([first, second]);
    assert.equal(runs, 2);
    assert.equal(overlapped, false);
  });

  it('sees a stopped daemon as unreachable and, once it is back on its port, as reachable again', async () => {
    const sandbox = makeSandbox();
    cleanups.push(() => sandbox.remove());
    let d = await startTestDaemon({ sandbox });
    const address = d.address;
    const r = rig([{ name: 'a', address }], { maxConcurrent: 4, timeoutMs: 1000 });
    cleanups.push(() => r.pool.closeAll());
    await r.scheduler.refreshAll(true);
    assert.equal(hostState(r.store.snapshot('a')), 'notInstalled');

    await d.stop();
    await r.scheduler.refreshAll(true);
    assert.equal(hostState(r.store.snapshot('a')), 'unreachable');

    d = await startTestDaemon({ sandbox, config: { listen: [address] } });
    cleanups.push(() => d.stop());
    await r.scheduler.refreshAll(true);
    assert.equal(hostState(r.store.snapshot('a')), 'notInstalled', 'the first refresh after the restart sees it');
  });

  // How fast is measured by `npm run bench` (bench/extension-tree.ts), not here.
  it('shows 500 hosts (one mobilityd process behind 500 addresses), each with its true state', async function () {
    this.timeout(60_000);
    const d = await startManyAddressDaemon(500);
    cleanups.push(d.stop);
    const hosts = d.addresses.map((address, i) => ({ name: `host-${String(i).padStart(3, '0')}`, address }));
    assert.equal(new Set(hosts.map((h) => h.address)).size, 500);
    const r = rig(hosts, { maxConcurrent: 16, timeoutMs: 3000 });
    cleanups.push(() => r.pool.closeAll());
    await r.scheduler.refreshAll(true);
    const states = new Set(hosts.map((h) => hostState(r.store.snapshot(h.name))));
    assert.deepEqual([...states], ['notInstalled']);
  });
});

/** Timers the test fires and a clock it moves by hand: the periodic refresh without waiting for real time. */
class ManualTimers {
  private readonly scheduled = new Map<number, { fn: () => void; at: number }>();
  private next = 0;
  private time = 0;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.scheduled.set(id, { fn, at: this.time + ms });
    return id;
  }

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  clearTimeout(handle: unknown): void {
    this.scheduled.delete(handle as number);
  }

  pending(): number {
    return this.scheduled.size;
  }

  /** Moves the clock to the last timer's time and runs every timer (the scheduler keeps at most one). */
  fire(): void {
    const due = [...this.scheduled.values()];
    this.scheduled.clear();
    for (const timer of due) this.time = Math.max(this.time, timer.at);
    for (const timer of due) timer.fn();
  }
}
