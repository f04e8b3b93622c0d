/** Mobility: Tail Installer Log — follows the host's installer log live in "Mobility: <host> installer log". */
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';

export const tailInstallerLogCommand: MobilityCommand = {
  id: 'mobility.tailInstallerLog',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Tail Installer Log');
    if (host) s.tails.open(host.name, 'installer');
  },
};
