/**
 * The documented uninstall command lines, as program + argv (the style of
 * agent-programs/installer-commands.ts). Pure: nothing here touches the host,
 * and no shell ever sees the arguments.
 *  - Linux, as root, in the install location: `uninstall.sh -Y` (-Y answers
 *    the script's own "are you sure?" question, so it runs unattended).
 *  - Windows: `MsiExec.exe /qn /x {product code} /L+*V "<log>"`, the MSI's
 *    silent removal, logging verbosely to %ProgramData%\ASRSetupLogs.
 */
import * as path from 'node:path';
import type { Command } from '../agent-programs/installer-commands';

/** The Mobility service MSI's product code (also the name of its uninstall key in the registry). */
export const AGENT_PRODUCT_CODE = '{275197FC-14FD-4560-A5EB-38217F80CBD1}';
/** Where Linux installs when no location was given, and where uninstall.sh then is. */
export const DEFAULT_LINUX_LOCATION = '/usr/local/ASR';
export const DEFAULT_PROGRAM_DATA = 'C:\\ProgramData';
export const MSI_UNINSTALL_LOG_FILE = 'UnifiedAgentMSIUninstall.log';

/** <location>/uninstall.sh -Y, run in the location (the script removes the files around it). */
export function linuxUninstallCommand(location: string): Command {
  const dir = location.trim() || DEFAULT_LINUX_LOCATION;
  return { file: path.posix.join(dir, 'uninstall.sh'), args: ['-Y'], cwd: dir };
}

/** The verbose MSI log the uninstall writes: <ProgramData>\ASRSetupLogs\UnifiedAgentMSIUninstall.log. */
export function windowsUninstallLog(programData: string | undefined): string {
  return path.win32.join(programData?.trim() || DEFAULT_PROGRAM_DATA, 'ASRSetupLogs', MSI_UNINSTALL_LOG_FILE);
}

/** MsiExec.exe /qn /x {275197FC-…} /L+*V <log>: each argument its own argv entry (Node quotes the path's spaces). */
export function windowsUninstallCommand(programData: string | undefined): Command {
  return { file: 'MsiExec.exe', args: ['/qn', '/x', AGENT_PRODUCT_CODE, '/L+*V', windowsUninstallLog(programData)] };
}
