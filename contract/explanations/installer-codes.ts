/**
 * Exit codes of the agent's installer: the Linux `install` script (documented), read the same way for
 * Windows' UnifiedAgent.exe (whose own codes are not documented apart), plus the general Windows
 * Installer (MSI) codes a Windows install can end with.
 */
import type { Explanation } from './explanation';

const LOG = 'the installer log (`mobilityctl logs installer`)';

const installer = (code: number, rest: Omit<Explanation, 'code' | 'family' | 'documented'>): Explanation => ({
  code,
  family: 'installer',
  documented: true,
  ...rest,
});

export const INSTALLER_EXPLANATIONS: readonly Explanation[] = [
  installer(0, {
    summary: 'success',
    meaning: 'The installer finished and the agent is installed.',
    remedy: 'Nothing to do; register the agent with its configuration server if that is not done yet.',
    verdict: 'success',
  }),
  installer(98, {
    summary: 'success with warnings',
    meaning: 'The agent is installed and works, but part of the install reported a problem (on Windows usually the VSS provider).',
    remedy: `Read the warning in ${LOG}; if the VSS provider is missing, install it by hand (see the VSS codes 511 to 806) to get application-consistent recovery points.`,
    verdict: 'warning',
  }),
  installer(96, {
    summary: 'invalid arguments',
    meaning: 'The installer refused its command line: an option is missing, misspelt or has a value it does not accept.',
    remedy: `Check the role (MS or MT), the platform (VmWare or Azure) and the install location against ${LOG}; this installer version may spell an option differently, so try the latest package.`,
    verdict: 'failure',
  }),
  installer(97, {
    summary: 'failed with errors',
    meaning: 'The installer started but failed part way; the agent is not (completely) installed.',
    remedy: `Find the first error in ${LOG}, fix its cause, then run the install again.`,
    verdict: 'failure',
  }),
  installer(99, {
    summary: 'prerequisites not met',
    meaning: 'The installer checked the machine before installing and at least one requirement is not met; nothing was installed.',
    remedy: `Read ${LOG} for the failed check (operating system and kernel version, free disk space, a conflicting install), fix it, then run the install again.`,
    verdict: 'failure',
  }),
  installer(11, {
    summary: 'upgrade not supported',
    meaning: 'An agent is already installed and this package cannot upgrade it (a different role, or a version this package does not upgrade from).',
    remedy: 'Use a package that upgrades from the installed version (`mobilityctl status` shows it), or uninstall the agent first and install afresh.',
    verdict: 'failure',
  }),
  installer(15, {
    summary: 'downgrade not supported',
    meaning: 'The installed agent is newer than the package; the installer does not go back to an older version.',
    remedy: 'Install a package at least as new as the installed agent (`mobilityctl packages` lists them), or uninstall the agent first.',
    verdict: 'failure',
  }),
  installer(1603, {
    summary: 'Windows Installer: fatal error during installation',
    meaning:
      'The general Windows Installer (MSI) failure code. Whether UnifiedAgent.exe passes it on is not documented publicly; the MSI part of the install failed and was rolled back.',
    remedy: `Read ${LOG} and the MSI log next to it in C:\\ProgramData\\ASRSetupLogs for the failing action; common causes are a pending reboot, antivirus locking the agent folder, or too little disk space.`,
    verdict: 'failure',
  }),
  installer(1618, {
    summary: 'Windows Installer: another installation is in progress',
    meaning:
      'The general Windows Installer (MSI) code for a second install while one is running. Whether UnifiedAgent.exe passes it on is not documented publicly.',
    remedy: 'Wait for the other installation (Windows Update, software distribution) to finish, or reboot the machine, then run the install again.',
    verdict: 'failure',
  }),
];
