/**
 * The mocha set-up every daemon test repeats, written once: start something
 * before each test (or once before the describe's tests) and stop it after,
 * with an accessor for the tests (the thing exists only while they run).
 */
export interface Stoppable {
  stop(): Promise<void>;
}

export interface UseOptions {
  /** One instance for the whole describe (before/after) instead of a fresh one per test (beforeEach/afterEach). */
  shared?: boolean;
}

/** Call inside a describe: registers the hooks and returns the accessor. */
export function useStarted<T extends Stoppable>(what: string, start: () => Promise<T>, options: UseOptions = {}): () => T {
  let current: T | undefined;
  const [setUp, tearDown] = options.shared ? [before, after] : [beforeEach, afterEach];
  setUp(async () => {
    current = await start();
  });
  tearDown(async () => {
    const started = current;
    current = undefined;
    await started?.stop();
  });
  return () => {
    if (!current) throw new Error(`${what} exists only inside a test (or a hook registered after it)`);
    return current;
  };
}
