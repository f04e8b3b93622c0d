/** Mobility: Stop Tailing Log — stops following one of the logs being tailed (its channel keeps what it showed). */
import * as vscode from 'vscode';
import type { MobilityCommand } from '../../services';
import { tailChannelName } from '../../ui/tails';

export const stopTailCommand: MobilityCommand = {
  id: 'mobility.stopTail',
  async run(s) {
    const active = s.tails.active();
    if (active.length === 0) {
      void vscode.window.showInformationMessage('No log is being tailed.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      active.map((t) => ({ label: tailChannelName(t.hostName, t.log), key: t.key })),
      { title: 'Stop Tailing Log', placeHolder: 'Which log should stop following?' },
    );
    if (picked) s.tails.stop(picked.key);
  },
};
