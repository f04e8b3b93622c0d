/**
 * The Hosts tree: hosts from settings, each rendered from what the HostStore
 * knows (so a row changes the moment its host answers), with Status, Jobs and
 * Logs under it. Row contents come from the pure tree model.
 */
import * as vscode from 'vscode';
import type { HostStore } from '../model/host-store';
import { changedParts, HOST_PARTS, renderHost, type RenderedHost } from '../model/row-changes';
import { hostRow, jobRow, jobRows, logRows, partRow, statusRows, stepRows, type HostPart } from '../model/tree-model';
import { toTreeItem } from './tree-item';
import type { TreeNode } from './tree-nodes';

/** Row changes are batched for this long, so 500 answers arriving together cost a few repaints. */
const BATCH_MS = 40;

export class HostsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One node object per host: VS Code refreshes a row by element identity. */
  private hostNodes = new Map<string, TreeNode & { type: 'host' }>();
  /** Stable part nodes, so a change under Status repaints Status alone. */
  private partNodes = new Map<string, Record<HostPart, TreeNode & { type: 'part' }>>();
  /** What each host's rows showed when last repainted (row-changes.ts). */
  private rendered = new Map<string, RenderedHost>();
  private pending = new Set<string>();
  private pendingAll = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly store: HostStore) {
    this.unsubscribe = store.onDidChange((names) => this.schedule(names));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const host = this.store.host(node.hostName);
    const snapshot = this.store.snapshot(node.hostName);
    if (!host) return new vscode.TreeItem(node.hostName);
    switch (node.type) {
      case 'host':
        return toTreeItem(hostRow(host, snapshot), node);
      case 'part':
        return toTreeItem(partRow(host, node.part, snapshot), node);
      case 'job': {
        const job = snapshot.kind === 'ok' ? snapshot.jobs.find((j) => j.id === node.jobId) : undefined;
        return job ? toTreeItem(jobRow(host, job), node) : new vscode.TreeItem(node.jobId);
      }
      case 'log': {
        const row = logRows(host, snapshot).find((r) => r.contextValue === `log.${node.log}`)!;
        return toTreeItem(row, node);
      }
      case 'row':
        return toTreeItem(node.row, node);
    }
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.store.names().map((name) => this.hostNode(name));
    const host = this.store.host(node.hostName);
    if (!host) return [];
    const snapshot = this.store.snapshot(node.hostName);
    const hostName = host.name;
    switch (node.type) {
      case 'host':
        return HOST_PARTS.map((part) => this.partNode(hostName, part));
      case 'part':
        if (node.part === 'status') return statusRows(host, snapshot).map((row) => ({ type: 'row', hostName, row }));
        if (node.part === 'logs') return (['installer', 'configurator'] as const).map((log) => ({ type: 'log', hostName, log }));
        if (snapshot.kind === 'ok' && snapshot.jobs.length && !snapshot.jobsError) {
          return snapshot.jobs.map((job) => ({ type: 'job', hostName, jobId: job.id }));
        }
        return jobRows(host, snapshot).map((row) => ({ type: 'row', hostName, row }));
      case 'job': {
        const job = snapshot.kind === 'ok' ? snapshot.jobs.find((j) => j.id === node.jobId) : undefined;
        return job ? stepRows(host, job).map((row) => ({ type: 'row', hostName, row })) : [];
      }
      default:
        return [];
    }
  }

  /** Repaint everything now (e.g. after the host list changed). */
  refreshAll(): void {
    this.schedule(undefined);
  }

  dispose(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }

  private hostNode(name: string): TreeNode & { type: 'host' } {
    let node = this.hostNodes.get(name);
    if (!node) {
      node = { type: 'host', hostName: name };
      this.hostNodes.set(name, node);
    }
    return node;
  }

  private partNode(hostName: string, part: HostPart): TreeNode & { type: 'part' } {
    let parts = this.partNodes.get(hostName);
    if (!parts) {
      parts = { status: { type: 'part', hostName, part: 'status' }, jobs: { type: 'part', hostName, part: 'jobs' }, logs: { type: 'part', hostName, part: 'logs' } };
      this.partNodes.set(hostName, parts);
    }
    return parts[part];
  }

  private schedule(names: string[] | undefined): void {
    if (names === undefined) {
      this.pendingAll = true;
      const live = new Set(this.store.names());
      for (const name of [...this.hostNodes.keys()]) if (!live.has(name)) this.hostNodes.delete(name);
      for (const name of [...this.partNodes.keys()]) if (!live.has(name)) this.partNodes.delete(name);
      this.rendered.clear(); // settings changed: every row is painted afresh
    } else for (const name of names) this.pending.add(name);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.pendingAll) {
      this.pendingAll = false;
      this.pending.clear();
      this.changed.fire(undefined);
      return;
    }
    const nodes = [...this.pending].flatMap((name) => this.changedNodes(name));
    this.pending.clear();
    if (nodes.length) this.changed.fire(nodes);
  }

  /** The host's row when it changed, else only its parts that did. */
  private changedNodes(name: string): TreeNode[] {
    const host = this.store.host(name);
    if (!host) return [];
    const now = renderHost(host, this.store.snapshot(name));
    const changed = changedParts(this.rendered.get(name), now);
    this.rendered.set(name, now);
    return changed === 'host' ? [this.hostNode(name)] : changed.map((part) => this.partNode(name, part));
  }
}
