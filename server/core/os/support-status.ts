/** Maps the installer table's verdict onto the OsInfo fields of the API. */
import { SupportStatus } from '../../../gen/mobility/v1/agent_control_pb';
import type { InstallerOsClass, SupportLevel } from './installer-os-table';

export const SUPPORT_STATUS: Record<SupportLevel, SupportStatus> = {
  supported: SupportStatus.SUPPORTED,
  manual_installer: SupportStatus.MANUAL_INSTALLER,
  unsupported: SupportStatus.UNSUPPORTED,
};

export function verdictFields(verdict: InstallerOsClass) {
  return {
    installerOsTag: verdict.installerOsTag,
    support: SUPPORT_STATUS[verdict.support],
    supportReason: verdict.reason,
  };
}
