/** The summary of a --hosts run: a table for people, a JSON array for scripts, and the exit code. */
import type { JsonValue } from '@bufbuild/protobuf';
import { ExitCode } from '../errors/exit-codes';
import { formatTable } from '../output/table';

export interface HostReport {
  /** The host as the user named it: its address for --hosts, its inventory name for --inventory. */
  host: string;
  /** The address it was reached at, when that is not `host` (an inventory host). */
  address?: string;
  ok: boolean;
  /** Why a host did not succeed: its answer said so (failed), or it could not be reached. */
  reason?: 'failed' | 'unreachable';
  detail: string;
  result?: JsonValue;
}

export function renderFleetTable(reports: HostReport[]): string {
  const rows = reports.map((r) => [r.host, r.ok ? 'ok' : (r.reason ?? 'failed'), r.detail]);
  const ok = reports.filter((r) => r.ok).length;
  const unreachable = reports.filter((r) => r.reason === 'unreachable').length;
  const failed = reports.length - ok - unreachable;
  return (
    formatTable([['HOST', 'RESULT', 'DETAIL'], ...rows]) +
    `${ok} of ${reports.length} host${reports.length === 1 ? '' : 's'} ok, ${failed} failed, ${unreachable} unreachable\n`
  );
}

/**
 * [{"host", "ok": true, "result"}, {"host", "ok": false, "error": {"reason", "message"}}, ...];
 * an inventory host's item has its "address" too.
 * A host that answered but did not succeed (e.g. its job failed) has its
 * "result" too, so scripts see the job.
 */
export function renderFleetJson(reports: HostReport[]): string {
  const items = reports.map((r) => {
    const item: Record<string, JsonValue> = { host: r.host, ok: r.ok };
    if (r.address !== undefined) item.address = r.address;
    if (!r.ok) item.error = { reason: r.reason ?? 'failed', message: r.detail };
    if (r.result !== undefined) item.result = r.result;
    return item;
  });
  return `${JSON.stringify(items, null, 2)}\n`;
}

export function fleetExitCode(reports: HostReport[]): ExitCode {
  if (reports.every((r) => r.ok)) return ExitCode.Ok;
  if (reports.every((r) => r.reason === 'unreachable')) return ExitCode.Unreachable;
  return ExitCode.DaemonError;
}
