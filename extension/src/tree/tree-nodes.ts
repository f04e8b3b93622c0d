/** The elements of the Hosts tree. Commands run from a row receive one of these. */
import type { HostPart, LogName, RowModel } from '../model/tree-model';

/**
 * `under`: the id of the inventory folder a host's rows are under (a host in
 * two groups has its rows twice, and tree item ids must be unique).
 */
export type HostTreeNode =
  | { type: 'host'; hostName: string; under?: string }
  | { type: 'part'; hostName: string; part: HostPart; under?: string }
  | { type: 'job'; hostName: string; jobId: string; under?: string }
  | { type: 'log'; hostName: string; log: LogName; under?: string }
  | { type: 'row'; hostName: string; row: RowModel; under?: string };

/** An inventory group's folder (or "ungrouped", "Added by hand"); no host of its own. */
export type FolderNode = { type: 'folder'; folderId: string };

export type TreeNode = HostTreeNode | FolderNode;

/** The host a command argument points at, whatever row it came from. */
export function nodeHostName(arg: unknown): string | undefined {
  if (typeof arg === 'object' && arg !== null && typeof (arg as { hostName?: unknown }).hostName === 'string') {
    return (arg as { hostName: string }).hostName;
  }
  return undefined;
}
