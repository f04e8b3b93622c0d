/**
 * Work on many hosts with at most `limit` at a time: each item runs as soon as
 * a slot is free, so a slow or dead host holds up one slot (for its own
 * deadline) and nobody else. Results come back in the order of the items.
 */

/**
 * Runs `work` for every item, at most `limit` at a time; results in input order.
 * Once `signal` aborts, the items not started yet get `notStarted(item)` instead.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  notStarted: (item: T) => R,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = signal?.aborted ? notStarted(items[index]) : await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
