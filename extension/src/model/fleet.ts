/**
 * Install on Several Hosts' results: one row per host, in the order the hosts
 * were picked (the client's worker pool runs them), as a summary line and a
 * Markdown table.
 */
import { cell } from './markdown';

export interface HostResult {
  host: string;
  result: 'ok' | 'failed' | 'unreachable' | 'cancelled';
  detail: string;
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
