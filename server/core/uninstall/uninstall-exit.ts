/**
 * What the uninstallers' exit codes mean. uninstall.sh documents none beyond
 * 0 = removed; MsiExec's are the Windows Installer's own (a reboot to finish
 * is a success with a warning: the agent is gone once the machine restarts).
 */
import type { ExitMeaning } from '../agent-programs/exit-codes';

const MSI_CODES: Record<number, ExitMeaning> = {
  0: { meaning: 'success', outcome: 'succeeded' },
  3010: { meaning: 'success; restart the machine to finish removing the agent', outcome: 'warning' },
  1641: { meaning: 'success; the uninstall started a restart of the machine', outcome: 'warning' },
  1605: { meaning: 'the Mobility service product is not installed (MSI error 1605)', outcome: 'failed' },
  1618: { meaning: 'another installation is in progress (MSI error 1618); try again when it has finished', outcome: 'failed' },
  1603: { meaning: 'fatal error during the uninstall (MSI error 1603); see UnifiedAgentMSIUninstall.log', outcome: 'failed' },
};

export function linuxUninstallExit(code: number): ExitMeaning {
  if (code === 0) return { meaning: 'success', outcome: 'succeeded' };
  return { meaning: `failed with exit code ${code}`, outcome: 'failed' };
}

export function windowsUninstallExit(code: number): ExitMeaning {
  return MSI_CODES[code] ?? { meaning: `failed with exit code ${code} (see UnifiedAgentMSIUninstall.log)`, outcome: 'failed' };
}
