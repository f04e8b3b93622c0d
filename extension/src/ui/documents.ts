/**
 * Read-only Markdown documents the extension shows (Show Status, the result
 * of Install on Several Hosts) under the mobility: scheme. A document can be
 * live: its text is recomputed when its host changes.
 */
import * as vscode from 'vscode';

export const DOCUMENT_SCHEME = 'mobility';

export class Documents implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly contents = new Map<string, () => string>();

  /** Shows a document; `text` is called whenever it is (re)read, so it can follow live data. */
  async show(path: string, text: () => string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: DOCUMENT_SCHEME, path });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  /** The open documents whose path starts with `prefix` are read again. */
  refresh(prefix: string): void {
    for (const key of this.contents.keys()) {
      const uri = vscode.Uri.parse(key);
      if (uri.path.startsWith(prefix)) this.changed.fire(uri);
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const text = this.contents.get(uri.toString());
    return text ? text() : 'This document is no longer available; run the command again.';
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
