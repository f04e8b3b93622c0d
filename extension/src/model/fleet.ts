/**
 * Install on Several Hosts: the work runs on each host with at most N at once
 * (a dead host holds one slot for its deadline only), and the results come
 * back in the order the hosts were picked, as a Markdown table.
 */
import { cell } from './markdown';

export interface HostResult {
  host: string;
  result: 'ok' | 'failed' | 'unreachable' | 'cancelled';
  detail: string;
}

/** Runs `work` for every item, at most `limit` at a time; results in input order. Stops starting new ones once `signal` aborts. */
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

export function fleetSummary(results: readonly HostResult[]): string {
  const ok = results.filter((r) => r.result === 'ok').length;
  const unreachable = results.filter((r) => r.result === 'unreachable').length;
  const cancelled = results.filter((r) => r.result === 'cancelled').length;
  const failed = results.length - ok - unreachable - cancelled;
  const parts = [`${ok} of ${results.length} host${results.length === 1 ? '' : 's'} ok`, `${failed} failed`, `${unreachable} unreachable`];
  if (cancelled) parts.push(`${cancelled} cancelled`);
  return parts.join(', ');
}

export function fleetMarkdown(title: string, results: readonly HostResult[]): string {
  return [
    `# ${title}`,
    '',
    fleetSummary(results),
    '',
    '| host | result | detail |',
    '|---|---|---|',
    ...results.map((r) => `| ${cell(r.host)} | ${r.result} | ${cell(r.detail)} |`),
    '',
  ].join('\n');
}
