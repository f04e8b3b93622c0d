/** A RowModel (computed without VS Code) as a vscode.TreeItem. */
import * as vscode from 'vscode';
import type { RowModel } from '../model/tree-model';
import type { TreeNode } from './tree-nodes';

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export function toTreeItem(row: RowModel, node: TreeNode): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, COLLAPSIBLE[row.collapsible]);
  item.id = node.type !== 'folder' && node.under ? `${node.under}/${row.id}` : row.id;
  if (row.description !== undefined) item.description = row.description;
  if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  if (row.tooltip) {
    item.tooltip = new vscode.MarkdownString(row.tooltip.markdown);
    // A Markdown tooltip is not read out; the same text plain is the row's accessible name.
    item.accessibilityInformation = { label: row.tooltip.plain };
  }
  if (row.contextValue) item.contextValue = row.contextValue;
  if (row.command) item.command = { command: row.command.id, title: row.command.title, arguments: [node] };
  return item;
}
