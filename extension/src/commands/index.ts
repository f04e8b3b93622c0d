/** Every command of the extension, one per file (commands/<area>/<verb>.ts). */
import type { MobilityCommand } from '../services';
import { installManyCommand } from './agent/install-many';
import { installCommand } from './agent/install';
import { registerCommand } from './agent/register';
import { showStatusCommand } from './agent/show-status';
import { uninstallCommand } from './agent/uninstall';
import { addHostCommand } from './hosts/add-host';
import { clearHostTokenCommand } from './hosts/clear-host-token';
import { editHostCommand } from './hosts/edit-host';
import { forgetCertificateCommand } from './hosts/forget-certificate';
import { removeHostCommand } from './hosts/remove-host';
import { setHostTokenCommand } from './hosts/set-host-token';
import { trustCertificateCommand } from './hosts/trust-certificate';
import { cancelJobCommand } from './jobs/cancel-job';
import { deletePackageCommand } from './packages/delete-package';
import { stopTailCommand } from './logs/stop-tail';
import { tailConfiguratorLogCommand } from './logs/tail-configurator-log';
import { tailInstallerLogCommand } from './logs/tail-installer-log';
import { refreshCommand } from './view/refresh';

export const COMMANDS: MobilityCommand[] = [
  addHostCommand,
  editHostCommand,
  removeHostCommand,
  setHostTokenCommand,
  clearHostTokenCommand,
  trustCertificateCommand,
  forgetCertificateCommand,
  refreshCommand,
  installCommand,
  installManyCommand,
  registerCommand,
  uninstallCommand,
  showStatusCommand,
  tailInstallerLogCommand,
  tailConfiguratorLogCommand,
  stopTailCommand,
  cancelJobCommand,
  deletePackageCommand,
];
