/** `mobilityctl packages`: ListPackages, and which package Install would use. */
import { ListPackagesResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { expectNoPositionals } from '../command-line';
import { withClient } from '../connection';
import { ExitCode } from '../errors/exit-codes';
import { FLEET_OPTIONS, fleetOptionsHelp, parseFleetOptions } from '../fleet/fleet-options';
import { runOnHosts } from '../fleet/run-on-hosts';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { renderPackages } from '../packages/package-view';
import { protoJsonText, protoJsonValue } from '../output/proto-json';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';

export const packagesCommand: Command = {
  name: 'packages',
  summary: "list the installer packages in the host's repository",
  help: `Usage: mobilityctl packages [--host ADDR | --hosts A,B,... [--parallel N]] [--json] [--timeout MS]

Lists the installer files in the host's package repository, newest version
first: NAME (what --package takes), VERSION, OS (the installer OS tag), DATE
(the release date in the name), SIZE, SHA256 (the first 12 hex digits) and
MATCHES HOST (whether it serves the host's OS). Then the package install uses
when --package is not given, and the repository folder on the host.

With --json, prints the ListPackagesResponse (packages, selectedPackage,
repositoryPath) as protobuf JSON.

${fleetOptionsHelp()}
Examples:
  mobilityctl packages
  mobilityctl packages --host 10.0.0.4 --json | jq -r .selectedPackage
  mobilityctl packages --hosts 10.0.0.4,10.0.0.5

${GLOBAL_OPTIONS_HELP}`,
  options: { ...FLEET_OPTIONS },

  async run(args, global) {
    expectNoPositionals(args, 'packages');
    const fleet = parseFleetOptions(args, 'packages');
    if (fleet) {
      return runOnHosts(fleet, global, async ({ client, timeoutMs }) => {
        const listing = await client.listPackages({ timeoutMs });
        const count = `${listing.packages.length} package${listing.packages.length === 1 ? '' : 's'}`;
        const selected = listing.selectedPackage ? `install would use ${listing.selectedPackage}` : "none serves the host's OS";
        return { ok: true, detail: `${count}; ${selected}`, result: protoJsonValue(ListPackagesResponseSchema, listing) };
      });
    }
    const listing = await withClient(global, (client) => client.listPackages({ timeoutMs: global.timeoutMs }));
    await stdoutSink().write(global.json ? protoJsonText(ListPackagesResponseSchema, listing) : renderPackages(listing, global.host));
    return ExitCode.Ok;
  },
};
