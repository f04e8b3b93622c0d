/**
 * Mobility: Install Mobility Service… — role, platform, optional location, a
 * package from the host's repository (or a local installer pushed first),
 * then the install job under progress with a Cancel that cancels it.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ListPackagesResponse } from '../../../../gen/mobility/v1/agent_control_pb';
import { packageChoices } from '../../model/install-choices';
import type { MobilityCommand } from '../../services';
import { showHostError } from '../../ui/messages';
import { resolveHost } from '../../ui/pick-host';
import { runJobWithProgress } from '../../ui/run-job';
import { settings } from '../../ui/settings';
import { askInstallOptions, pickChoice } from './install-prompts';
import { pushLocalPackage } from './push-package';

export const INSTALL_TITLE = 'Install Mobility Service';

export const installCommand: MobilityCommand = {
  id: 'mobility.install',
  async run(s, arg) {
    const host = await resolveHost(s, arg, INSTALL_TITLE);
    if (!host) return;
    const options = await askInstallOptions(`${INSTALL_TITLE} on ${host.name}`, 4);
    if (!options) return;

    let packages: ListPackagesResponse;
    try {
      packages = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Listing the packages of ${host.name}` },
        () => s.pool.get(host.name).listPackages({ timeoutMs: settings.timeoutMs() }),
      );
    } catch (err) {
      showHostError(s, host, err);
      return;
    }
    const choice = await pickChoice(packageChoices(packages), `${INSTALL_TITLE} on ${host.name} (4/4): package`, `A package from ${packages.repositoryPath}, or push one`);
    if (!choice) return;
    let packageName: string | undefined;
    if (choice.kind === 'push') {
      packageName = await pushLocalPackage(s, host);
      if (!packageName) return;
    } else packageName = choice.name;

    const requestId = randomUUID();
    return runJobWithProgress(s, host, INSTALL_TITLE, (client, timeoutMs) => client.install({ ...options, packageName, requestId }, { timeoutMs }));
  },
};
