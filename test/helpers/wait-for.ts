/**
 * Waiting for a cheap in-process condition that has no event to await (a
 * count of open files or descriptors the daemon frees once a stream is torn
 * down): checked on every turn of the event loop, failing with `what` if it
 * still does not hold after `maxTurns` turns (a bound, not a timing).
 */
export async function waitFor(condition: () => boolean, what = 'condition', maxTurns = 1_000_000): Promise<void> {
  for (let turn = 0; turn < maxTurns; turn++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`${what}: not reached within ${maxTurns} turns of the event loop`);
}
