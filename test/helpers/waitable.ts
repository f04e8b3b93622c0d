/**
 * Event-driven waiting for tests: a stream consumer calls notify() whenever it
 * receives something, and a test awaits until() a condition holds, failing
 * fast if the stream ends first. No sleeps, no polling.
 */
export abstract class Waitable {
  ended = false;
  error?: Error;
  private waiters: Array<() => void> = [];

  /** Resolves when `condition` holds; rejects if the stream ends first. */
  until(condition: (self: this) => boolean, what = 'condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (condition(this)) return resolve(), true;
        if (this.ended) return reject(new Error(`stream ended before ${what}: ${this.error?.message ?? 'clean end'}`)), true;
        return false;
      };
      if (check()) return;
      const waiter = () => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      this.waiters.push(waiter);
    });
  }

  protected notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
