/** The elements of the Hosts tree. Commands run from a row receive one of these. */
import type { HostPart, LogName, RowModel } from '../model/tree-model';

export type TreeNode =
  | { type: 'host'; hostName: string }
  | { type: 'part'; hostName: string; part: HostPart }
  | { type: 'job'; hostName: string; jobId: string }
  | { type: 'log'; hostName: string; log: LogName }
  | { type: 'row'; hostName: string; row: RowModel };

/** The host a command argument points at, whatever row it came from. */
export function nodeHostName(arg: unknown): string | undefined {
  if (typeof arg === 'object' && arg !== null && typeof (arg as { hostName?: unknown }).hostName === 'string') {
    return (arg as { hostName: string }).hostName;
  }
  return undefined;
}
