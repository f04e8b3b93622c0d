/** `mobilityctl packages`: ListPackages, and which package Install would use; `packages rm NAME` removes one. */
import { ListPackagesResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { withClient } from '../connection';
import { UsageError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import { FLEET_OPTIONS, fleetOptionsHelp, parseFleetOptions } from '../fleet/fleet-options';
import { runOnHosts } from '../fleet/run-on-hosts';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { removePackage } from '../packages/package-remove';
import { renderPackages } from '../packages/package-view';
import { protoJsonText, protoJsonValue } from '../output/proto-json';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';

export const packagesCommand: Command = {
  name: 'packages',
  summary: "list the installer packages in the host's repository; `packages rm NAME` removes one",
  help: `Usage: mobilityctl packages [--host ADDR | --hosts A,B,... | --inventory FILE [--limit P]]
                            [--parallel N] [--json] [--timeout MS]
       mobilityctl packages rm NAME [--host ADDR] [--json] [--timeout MS]

Lists the installer files in the host's package repository, newest version
first: NAME (what --package takes), VERSION, OS (the installer OS tag), DATE
(the release date in the name), SIZE, SHA256 (the first 12 hex digits) and
MATCHES HOST (whether it serves the host's OS). Then the package install uses
when --package is not given, and the repository folder on the host.

With --json, prints the ListPackagesResponse (packages, selectedPackage,
repositoryPath) as protobuf JSON.

packages rm NAME removes the installer file NAME (as the NAME column shows
it) from the host's repository, in one step, and prints what was removed.
mobilityd refuses while a queued or running install job uses it or an upload
of it is in progress (wait for it, or cancel the job), and when there is no
such package (exit 1 with its message). One host at a time: --host, never
--hosts. With --json, prints the DeletePackageResponse (the package as it was).

${fleetOptionsHelp()}
Examples:
  mobilityctl packages
  mobilityctl packages --host 10.0.0.4 --json | jq -r .selectedPackage
  mobilityctl packages --hosts 10.0.0.4,10.0.0.5
  mobilityctl packages rm Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz --host 10.0.0.4

${GLOBAL_OPTIONS_HELP}`,
  options: { ...FLEET_OPTIONS },

  async run(args, global) {
    if (args.positionals[0] === 'rm') return removePackage(args, global);
    if (args.positionals.length > 0) {
      throw new UsageError(`packages takes no arguments except \`rm NAME\` (remove a package), but got: ${args.positionals.join(' ')}`, 'packages');
    }
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
