/** Mobility: Tail Configurator Log — follows the host's configurator log live in "Mobility: <host> configurator log". */
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';

export const tailConfiguratorLogCommand: MobilityCommand = {
  id: 'mobility.tailConfiguratorLog',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Tail Configurator Log');
    if (host) s.tails.open(host.name, 'configurator');
  },
};
