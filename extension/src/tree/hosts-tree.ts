/**
 * The Hosts tree: hosts from settings (and, in folders by group, from the
 * inventory: host-folders.ts), each rendered from what the HostStore
 * knows (so a row changes the moment its host answers), with Status, Jobs and
 * Logs under it. Row contents come from the pure tree model.
 */
import * as vscode from 'vscode';
import { folderRow, foldersByHost, hostFolders, type HostFolder } from '../model/host-folders';
import type { HostStore } from '../model/host-store';
import { changedParts, HOST_PARTS, renderHost, type RenderedHost } from '../model/row-changes';
import { hostRow, jobRow, jobRows, logRows, partRow, statusRows, stepRows, type HostPart } from '../model/tree-model';
import { toTreeItem } from './tree-item';
import type { FolderNode, HostTreeNode, TreeNode } from './tree-nodes';

/** Row changes are batched for this long, so 500 answers arriving together cost a few repaints. */
const BATCH_MS = 40;

export class HostsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One node object per host and folder: VS Code refreshes a row by element identity. */
  private hostNodes = new Map<string, TreeNode & { type: 'host' }>();
  /** Stable part nodes, so a change under Status repaints Status alone. */
  private partNodes = new Map<string, Record<HostPart, TreeNode & { type: 'part' }>>();
  /** The folders (undefined: a flat tree), worked out again when the host list changes. */
  private layout: { folders: HostFolder[] | undefined; byHost: Map<string, string[]>; nodes: Map<string, FolderNode> } | undefined;
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
    if (node.type === 'folder') {
      const folder = this.currentLayout().folders?.find((f) => f.id === node.folderId);
      return folder ? toTreeItem(folderRow(folder), node) : new vscode.TreeItem(node.folderId);
    }
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
    const layout = this.currentLayout();
    if (!node) {
      if (!layout.folders) return this.store.names().map((name) => this.hostNode(name));
      return layout.folders.map((folder) => layout.nodes.get(folder.id)!);
    }
    if (node.type === 'folder') {
      const folder = layout.folders?.find((f) => f.id === node.folderId);
      return folder ? folder.hosts.map((name) => this.hostNode(name, folder.id)) : [];
    }
    const host = this.store.host(node.hostName);
    if (!host) return [];
    const snapshot = this.store.snapshot(node.hostName);
    const hostName = host.name;
    const under = node.under;
    const at = (n: HostTreeNode): HostTreeNode => (under ? { ...n, under } : n);
    switch (node.type) {
      case 'host':
        return HOST_PARTS.map((part) => this.partNode(hostName, part, under));
      case 'part':
        if (node.part === 'status') return statusRows(host, snapshot).map((row) => at({ type: 'row', hostName, row }));
        if (node.part === 'logs') return (['installer', 'configurator'] as const).map((log) => at({ type: 'log', hostName, log }));
        if (snapshot.kind === 'ok' && snapshot.jobs.length && !snapshot.jobsError) {
          return snapshot.jobs.map((job) => at({ type: 'job', hostName, jobId: job.id }));
        }
        return jobRows(host, snapshot).map((row) => at({ type: 'row', hostName, row }));
      case 'job': {
        const job = snapshot.kind === 'ok' ? snapshot.jobs.find((j) => j.id === node.jobId) : undefined;
        return job ? stepRows(host, job).map((row) => at({ type: 'row', hostName, row })) : [];
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

  /** The folders for the store's host list now, and each host's folders. */
  private currentLayout(): NonNullable<HostsTreeProvider['layout']> {
    if (!this.layout) {
      const folders = hostFolders(this.store.hosts());
      const nodes = new Map((folders ?? []).map((f) => [f.id, { type: 'folder', folderId: f.id } as FolderNode]));
      this.layout = { folders, byHost: folders ? foldersByHost(folders) : new Map(), nodes };
    }
    return this.layout;
  }

  private hostNode(name: string, under?: string): TreeNode & { type: 'host' } {
    const key = nodeKey(name, under);
    let node = this.hostNodes.get(key);
    if (!node) {
      node = under ? { type: 'host', hostName: name, under } : { type: 'host', hostName: name };
      this.hostNodes.set(key, node);
    }
    return node;
  }

  private partNode(hostName: string, part: HostPart, under?: string): TreeNode & { type: 'part' } {
    const key = nodeKey(hostName, under);
    let parts = this.partNodes.get(key);
    if (!parts) {
      const node = (p: HostPart): TreeNode & { type: 'part' } => (under ? { type: 'part', hostName, part: p, under } : { type: 'part', hostName, part: p });
      parts = { status: node('status'), jobs: node('jobs'), logs: node('logs') };
      this.partNodes.set(key, parts);
    }
    return parts[part];
  }

  private schedule(names: string[] | undefined): void {
    if (names === undefined) {
      this.pendingAll = true;
      // The list changed: the folders are worked out afresh (a host may have moved between them).
      this.layout = undefined;
      const live = new Set(this.store.names());
      for (const key of [...this.hostNodes.keys()]) if (!live.has(hostOfKey(key))) this.hostNodes.delete(key);
      for (const key of [...this.partNodes.keys()]) if (!live.has(hostOfKey(key))) this.partNodes.delete(key);
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
    const folders = this.currentLayout().folders ? (this.currentLayout().byHost.get(name) ?? []) : [undefined];
    return folders.flatMap((under): TreeNode[] => (changed === 'host' ? [this.hostNode(name, under)] : changed.map((part) => this.partNode(name, part, under))));
  }
}

/** A node's key: the host's name, after its folder's id when it is in one. */
function nodeKey(hostName: string, under: string | undefined): string {
  return under ? `${under}\u0000${hostName}` : hostName;
}

function hostOfKey(key: string): string {
  return key.slice(key.indexOf('\u0000') + 1);
}
