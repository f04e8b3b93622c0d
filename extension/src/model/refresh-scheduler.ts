/**
 * When hosts are asked for their state, and how many at once.
 *
 * - Bounded concurrency: at most maxConcurrent() queries run; the rest wait in
 *   order. Each query carries its own deadlines (see queryHost), so a slow or
 *   dead host holds one slot for at most its deadline while the others go on,
 *   and every answer is handed on as it arrives (the caller renders it).
 * - Visibility: the periodic refresh runs only while the view is visible.
 *   Requests made while it is hidden are remembered and run when it shows.
 * - Events: refresh(keys) asks again soon for some hosts (after a command, a
 *   job change); a host already being asked is asked once more afterwards.
 */

/** Time as the scheduler sees it (tests pass a clock they move by hand). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface RefreshSchedulerOptions {
  /** The hosts now (their keys, e.g. names), in display order. */
  keys(): readonly string[];
  /** Asks one host and hands its answer on; must settle (it has deadlines) and should not throw. */
  query(key: string): Promise<void>;
  maxConcurrent(): number;
  /** The periodic refresh's interval; 0 turns it off. */
  intervalMs(): number;
  timers?: Timers;
}

interface Waiter {
  run: number;
  resolve: () => void;
}

export class RefreshScheduler {
  private visible = false;
  private disposed = false;
  private readonly queue = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  /** Keys asked for while hidden (or everything, when `allStale`). */
  private readonly stale = new Set<string>();
  private allStale = true;
  /** How many queries of each key have started / finished. */
  private readonly started = new Map<string, number>();
  private readonly finished = new Map<string, number>();
  private readonly waiters = new Map<string, Waiter[]>();
  private timer: unknown;
  private lastFullRefresh = 0;
  private readonly timers: Timers;
  /** Every refresh not yet done, whoever started it (a caller, the timer, the view showing). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: RefreshSchedulerOptions) {
    this.timers = options.timers ?? realTimers;
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /** Number of queries running now (never more than maxConcurrent()). */
  get active(): number {
    return this.running.size;
  }

  setVisible(visible: boolean): void {
    if (this.disposed || visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.clearTimer();
      return;
    }
    const due = this.allStale || this.timers.now() - this.lastFullRefresh >= this.options.intervalMs();
    if (due) void this.refreshAll();
    else {
      const stale = [...this.stale];
      this.stale.clear();
      if (stale.length) void this.enqueue(stale);
      this.armTimer();
    }
  }

  /**
   * Asks every host again. While hidden, only remembers to (and resolves at
   * once) unless `evenIfHidden`. Resolves when every host has answered.
   */
  refreshAll(evenIfHidden = false): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.visible && !evenIfHidden) {
      this.allStale = true;
      return Promise.resolve();
    }
    this.allStale = false;
    this.stale.clear();
    this.clearTimer();
    return this.track(
      this.enqueue(this.options.keys()).then(() => {
        this.lastFullRefresh = this.timers.now();
        this.armTimer();
      }),
    );
  }

  /** Asks some hosts again (after an event); the same visibility rule as refreshAll. */
  refresh(keys: readonly string[], evenIfHidden = false): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.visible && !evenIfHidden) {
      for (const key of keys) this.stale.add(key);
      return Promise.resolve();
    }
    return this.enqueue(keys);
  }

  /** Resolves once every refresh started so far, and any it led to, is done (also those started by the timer or by setVisible). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** The interval or the hosts changed: re-arm the timer with the new interval. */
  reschedule(): void {
    if (!this.visible || this.disposed) return;
    this.clearTimer();
    this.armTimer();
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.queue.clear();
    this.again.clear();
    for (const list of this.waiters.values()) for (const w of list) w.resolve();
    this.waiters.clear();
  }

  private enqueue(keys: readonly string[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const key of new Set(keys)) {
      // The next query of this key to start satisfies this request.
      const run = (this.started.get(key) ?? 0) + 1;
      if (this.running.has(key)) this.again.add(key);
      else this.queue.add(key);
      waits.push(new Promise<void>((resolve) => this.addWaiter(key, { run, resolve })));
    }
    this.pump();
    return this.track(Promise.all(waits).then(() => undefined));
  }

  private track(refresh: Promise<void>): Promise<void> {
    const tracked = refresh.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  private addWaiter(key: string, waiter: Waiter): void {
    if ((this.finished.get(key) ?? 0) >= waiter.run) return waiter.resolve();
    const list = this.waiters.get(key) ?? [];
    list.push(waiter);
    this.waiters.set(key, list);
  }

  private pump(): void {
    const limit = Math.max(1, Math.floor(this.options.maxConcurrent()));
    while (!this.disposed && this.running.size < limit && this.queue.size > 0) {
      const key = this.queue.values().next().value as string;
      this.queue.delete(key);
      this.start(key);
    }
  }

  private start(key: string): void {
    this.running.add(key);
    const run = (this.started.get(key) ?? 0) + 1;
    this.started.set(key, run);
    const done = () => {
      this.running.delete(key);
      this.finished.set(key, run);
      const list = this.waiters.get(key) ?? [];
      const remaining = list.filter((w) => {
        if (w.run > run) return true;
        w.resolve();
        return false;
      });
      if (remaining.length) this.waiters.set(key, remaining);
      else this.waiters.delete(key);
      if (this.again.delete(key)) this.queue.add(key);
      this.pump();
    };
    let promise: Promise<void>;
    try {
      promise = this.options.query(key);
    } catch {
      promise = Promise.resolve();
    }
    promise.then(done, done);
  }

  private armTimer(): void {
    const interval = this.options.intervalMs();
    if (!this.visible || this.disposed || interval <= 0 || this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.refreshAll();
    }, interval);
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
