/** Mobility: Show Status — the host's status, recent jobs and packages as a read-only Markdown document that follows refreshes. */
import * as vscode from 'vscode';
import type { ListPackagesResponse } from '../../../../gen/mobility/v1/agent_control_pb';
import { hostProblem } from '../../model/host-errors';
import { statusMarkdown } from '../../model/status-document';
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';
import { settings } from '../../ui/settings';

/** The document path of a host's status (also used to refresh it when the host changes). */
export function statusDocumentPath(hostName: string): string {
  return `/${hostName.replace(/[\\/]/g, '_')} status.md`;
}

export const showStatusCommand: MobilityCommand = {
  id: 'mobility.showStatus',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Show Status');
    if (!host) return;
    let packages: ListPackagesResponse | string | undefined;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Asking ${host.name}` }, async () => {
      const timeoutMs = settings.timeoutMs();
      const [, listed] = await Promise.allSettled([
        s.scheduler.refresh([host.name], true),
        Promise.resolve().then(() => s.pool.get(host.name).listPackages({ timeoutMs })),
      ]);
      packages = listed.status === 'fulfilled' ? listed.value : hostProblem(listed.reason).message;
    });
    const name = host.name;
    await s.documents.show(statusDocumentPath(name), () => {
      const current = s.store.host(name);
      return current ? statusMarkdown(current, s.store.snapshot(name), packages) : `# ${name}\n\nThis host is no longer in mobility.hosts.\n`;
    });
  },
};
