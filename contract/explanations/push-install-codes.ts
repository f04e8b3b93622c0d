/**
 * Error IDs a configuration server's push installation reports, grouped by cause. mobilityd does not
 * push this way (it runs the installer on the host), but people meet these IDs in the Azure portal
 * and ask what they mean.
 */
import type { Explanation } from './explanation';

interface Cause {
  ids: number[];
  summary: string;
  meaning: string;
  remedy: string;
}

const CAUSES: Cause[] = [
  {
    ids: [95107, 95108],
    summary: 'push install: credentials not valid',
    meaning: 'The configuration server could not use the account it was given for the source machine: the user name or password is wrong, or the account is not usable.',
    remedy: 'Check the account in the configuration server\'s account settings (user name with its domain, current password), update it, then retry the push; or install with `mobilityctl install` on the machine instead.',
  },
  {
    ids: [95517, 95518],
    summary: 'push install: insufficient privileges',
    meaning: 'The account the configuration server uses has too few rights on the source machine to install software.',
    remedy: 'Use an administrator account (root on Linux); for a local Windows account that is not the built-in administrator, allow remote administration (LocalAccountTokenFilterPolicy set to 1), then retry.',
  },
  {
    ids: [95519, 95520, 95521, 95522],
    summary: 'push install: login failed',
    meaning: 'Logging in to the source machine failed, for instance because the account is disabled or locked out, or no logon server could check it.',
    remedy: 'Make sure the account is enabled and not locked out, that the machine can reach a domain controller (for a domain account) and that its logon service runs, then retry.',
  },
  {
    ids: [95117, 97118, 95523],
    summary: 'push install: source machine not reachable',
    meaning: 'The configuration server (or process server) could not reach the source machine over the network.',
    remedy: 'Check that the machine is running, that its name resolves and that it answers from the configuration server, and that no firewall blocks the connection, then retry.',
  },
  {
    ids: [95105, 95106],
    summary: 'push install: file and printer sharing off',
    meaning: 'The configuration server copies the installer over file sharing, and file and printer sharing is not enabled on the source machine.',
    remedy: 'Enable file and printer sharing on the source machine (Windows Firewall allowed apps, or the group policy that sets it), then retry.',
  },
  {
    ids: [95103],
    summary: 'push install: WMI not reachable',
    meaning: 'The configuration server drives the install through Windows Management Instrumentation, and WMI on the source machine could not be used.',
    remedy: 'Allow Windows Management Instrumentation through the source machine\'s firewall and make sure the WMI service runs, then retry.',
  },
  {
    ids: [95309, 95310, 95311, 95312, 95313],
    summary: 'push install: boot disk not supported',
    meaning: 'The source machine\'s boot disk layout is not one Site Recovery can protect (for example several boot disks, or the boot disk could not be found).',
    remedy: 'Check the machine\'s boot configuration against the supported disk layouts (one boot disk holding the system and boot partitions); change it before protecting the machine.',
  },
  {
    ids: [95320],
    summary: 'push install: GRUB uses device names',
    meaning: 'The Linux boot configuration (GRUB, and often /etc/fstab) refers to disks by device name such as /dev/sda, which can change after failover.',
    remedy: 'Replace the device names with UUIDs (`blkid` shows them) in the GRUB configuration and /etc/fstab, then retry.',
  },
  {
    ids: [95265, 95266],
    summary: 'push install: reboot needed',
    meaning: 'The agent was installed or upgraded, but the machine must restart before all its components (such as its driver) are in use.',
    remedy: 'Restart the source machine at a convenient time; protection continues meanwhile, but the latest fixes take effect only after the restart.',
  },
  {
    ids: [95524],
    summary: 'push install: not enough disk space',
    meaning: 'The source machine has too little free disk space to copy and install the agent.',
    remedy: 'Free space on the install volume and in the temporary folder of the source machine, then retry.',
  },
];

export const PUSH_INSTALL_EXPLANATIONS: readonly Explanation[] = CAUSES.flatMap((cause) =>
  cause.ids.map(
    (code): Explanation => ({
      code,
      family: 'push-install',
      summary: cause.summary,
      meaning: cause.meaning,
      remedy: cause.remedy,
      verdict: 'failure',
      documented: true,
    }),
  ),
);
