/**
 * Wall-clock milliseconds with sub-millisecond resolution. performance.timeOrigin
 * is taken from the system clock at process start, so timestamps of different
 * processes on this machine agree (to microseconds) and a line stamped by the
 * writer can be compared with its arrival in a follower process.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Rejects after `ms` with a message naming what timed out. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` every `everyMs` until true or `timeoutMs` passes; returns whether it became true. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, everyMs = 10): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= end) return false;
    await sleep(everyMs);
  }
  return true;
}
