/**
 * Watches the inventory file (and its host_vars/, group_vars/) and calls back
 * when any of it changes, so the Hosts tree follows edits of the inventory.
 * What to watch is decided in model/inventory-watch.ts; a burst of events (an
 * editor's save is a write and a rename) costs one reload.
 */
import * as vscode from 'vscode';
import { inventoryWatchTarget } from '../model/inventory-watch';

/** Events within this long of each other are one change (ansible-inventory takes a while to run). */
const SETTLE_MS = 150;

export class InventoryWatcher implements vscode.Disposable {
  private file: string | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onChange: () => void) {}

  /** Watches `file` from now on (undefined: nothing); the same file again keeps the watch it has. */
  watch(file: string | undefined): void {
    if (file === this.file) return;
    this.stop();
    this.file = file;
    if (file === undefined) return;
    const target = inventoryWatchTarget(file);
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(target.folder), target.pattern));
    const changed = () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.onChange();
      }, SETTLE_MS);
    };
    this.watcher.onDidChange(changed);
    this.watcher.onDidCreate(changed);
    this.watcher.onDidDelete(changed);
  }

  dispose(): void {
    this.stop();
    this.file = undefined;
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher?.dispose();
    this.watcher = undefined;
  }
}
