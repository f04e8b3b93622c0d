/** The extension's settings (section "mobility"), read fresh each time, and writing the host list back. */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { parseHostsSetting, type ParsedHosts } from '../model/host-settings';
import { resolveInventorySetting, type InventorySetting } from '../model/inventory-setting';

export const SECTION = 'mobility';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function numberSetting(key: string, fallback: number, min: number, max: number): number {
  const value = config().get<number>(key);
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

export const settings = {
  hosts(): ParsedHosts {
    return parseHostsSetting(config().get<unknown>('hosts'));
  },
  hostsRaw(): unknown {
    return config().get<unknown>('hosts');
  },
  /** The Ansible inventory file to show hosts from (~ and ${workspaceFolder} expanded), or why the setting is unusable. */
  inventory(): InventorySetting {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    return resolveInventorySetting(config().get<unknown>('inventory'), { homeDir: os.homedir(), workspaceFolder: folder?.uri.fsPath });
  },
  /** 0 turns the periodic refresh off. */
  refreshIntervalMs(): number {
    return Math.round(numberSetting('refreshIntervalSeconds', 10, 0, 86_400) * 1000);
  },
  maxConcurrentQueries(): number {
    return Math.floor(numberSetting('maxConcurrentQueries', 16, 1, 1024));
  },
  timeoutMs(): number {
    return Math.floor(numberSetting('requestTimeoutMs', 3000, 100, 600_000));
  },
  tailLines(): number {
    return Math.floor(numberSetting('logTailLines', 200, 0, 100_000));
  },

  /**
   * Writes the host list where it is defined now (a workspace folder, the
   * workspace, else the user's settings), so the edit takes effect even when a
   * workspace overrides the user's list.
   */
  async writeHosts(value: unknown[]): Promise<void> {
    const inspected = config().inspect<unknown>('hosts');
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config().update('hosts', value, target);
  },
};
