/** Notifications with the host's name in front, at the severity the outcome deserves. */
import * as vscode from 'vscode';
import { hostErrorMessage } from '../model/host-errors';
import type { HostEntry } from '../model/host-settings';
import type { Severity } from '../model/job-report';
import type { Services } from '../services';

export function showMessage(severity: Severity, text: string, ...actions: string[]): Thenable<string | undefined> {
  if (severity === 'error') return vscode.window.showErrorMessage(text, ...actions);
  if (severity === 'warning') return vscode.window.showWarningMessage(text, ...actions);
  return vscode.window.showInformationMessage(text, ...actions);
}

/** An error from a call to a host, in the daemon's words, prefixed with the host's name. */
export function showHostError(s: Services, host: HostEntry, err: unknown): void {
  const text = hostErrorMessage(host.name, host.address, err);
  s.log.error(text);
  void vscode.window.showErrorMessage(text);
}
