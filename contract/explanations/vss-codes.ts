/**
 * Codes the Windows VSS provider's installation reports. Since agent 9.23 a failed VSS provider
 * leaves the agent installed (a warning); up to 9.22 it fails the whole install.
 */
import type { Explanation } from './explanation';

/** The documented way to (re)install the provider, after the cause is fixed. */
const BY_HAND =
  'then, in an administrator command prompt in the agent folder (e.g. C:\\Program Files (x86)\\Microsoft Azure Site Recovery\\agent), run InMageVSSProvider_Uninstall.cmd and then InMageVSSProvider_Install.cmd.';
const IMPACT = 'Crash-consistent recovery points are not affected; application-consistent ones need the provider.';

const vss = (code: number, cause: string, meaning: string, fix: string, documented = true): Explanation => ({
  code,
  family: 'vss',
  summary: `VSS provider not installed: ${cause}`,
  meaning: `${meaning} ${IMPACT}`,
  remedy: `${fix} ${BY_HAND}`,
  verdict: 'failure',
  documented,
});

export const VSS_EXPLANATIONS: readonly Explanation[] = [
  vss(
    511,
    'antivirus may block it',
    'The VSS provider could not be installed; public troubleshooting material links this code to antivirus software blocking Site Recovery.',
    'Exclude the agent folders (C:\\ProgramData\\ASR\\agent and the install location) from antivirus scanning,',
  ),
  vss(
    512,
    'cause not documented',
    'The VSS provider could not be installed. The cause of this code is not documented publicly.',
    'Read the installer log (`mobilityctl logs installer`) for the VSS step,',
    false,
  ),
  vss(
    517,
    'its service is disabled',
    'The VSS provider could not be installed; public troubleshooting material links this code to the Azure Site Recovery VSS Provider service being disabled.',
    'Set the startup type of the Azure Site Recovery VSS Provider service to Automatic (services.msc),',
  ),
  vss(
    802,
    'cause not documented',
    'The VSS provider could not be installed. The cause of this code is not documented publicly.',
    'Read the installer log (`mobilityctl logs installer`) for the VSS step and check that the Volume Shadow Copy service is running,',
    false,
  ),
  vss(
    806,
    'no permission to run CScript',
    'The VSS provider could not be installed; public troubleshooting material links this code to the installing account not being allowed to run scripts with CScript.',
    'Give the account that runs the install (mobilityd\'s service account) permission to run CScript,',
  ),
];
