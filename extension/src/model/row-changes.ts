/**
 * Which parts of a host's rows a new snapshot really changes. A refresh that
 * changes nothing a user sees must not repaint the host's row: a repaint
 * closes the row's tooltip under the mouse (every refresh interval, so a slow
 * hover would never show one), and a change under Status (memory, CPU) only
 * needs that part repainted.
 */
import type { HostEntry } from './host-settings';
import type { HostSnapshot } from './host-snapshot';
import { hostRow, jobRow, jobRows, logRows, partRow, statusRows, stepRows, type HostPart } from './tree-model';

export const HOST_PARTS: readonly HostPart[] = ['status', 'jobs', 'logs'];

/** What a host's rows show, as comparable text: its own row, and each part with everything under it. */
export interface RenderedHost {
  row: string;
  parts: Record<HostPart, string>;
}

export function renderHost(host: HostEntry, snapshot: HostSnapshot): RenderedHost {
  const jobs =
    snapshot.kind === 'ok' && snapshot.jobs.length && !snapshot.jobsError
      ? snapshot.jobs.map((job) => [jobRow(host, job), stepRows(host, job)])
      : jobRows(host, snapshot);
  return {
    row: JSON.stringify(hostRow(host, snapshot)),
    parts: {
      status: JSON.stringify([partRow(host, 'status', snapshot), statusRows(host, snapshot)]),
      jobs: JSON.stringify([partRow(host, 'jobs', snapshot), jobs]),
      logs: JSON.stringify([partRow(host, 'logs', snapshot), logRows(host, snapshot)]),
    },
  };
}

/** 'host' when the host's own row changed (or was never shown), else the parts that did (maybe none). */
export function changedParts(before: RenderedHost | undefined, after: RenderedHost): 'host' | HostPart[] {
  if (!before || before.row !== after.row) return 'host';
  return HOST_PARTS.filter((part) => before.parts[part] !== after.parts[part]);
}
