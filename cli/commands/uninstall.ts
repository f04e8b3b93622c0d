/** `mobilityctl uninstall`: after a confirmation, Uninstall, then (unless --no-wait) the job's step and its outcome. */
import { create } from '@bufbuild/protobuf';
import { UninstallResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { UsageError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import { FLEET_OPTIONS, fleetOptionsHelp, parseFleetOptions } from '../fleet/fleet-options';
import { runOnHosts } from '../fleet/run-on-hosts';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { launchOnHost, launchTask, parseRequestId, REQUEST_ID_HELP, type JobLauncher } from '../jobs/job-launch';
import { confirmUninstall, terminalIo, uninstallTarget } from '../jobs/uninstall-confirmation';
import { protoJsonValue } from '../output/proto-json';
import type { Command } from './command';

export const uninstallCommand: Command = {
  name: 'uninstall',
  summary: 'uninstall the agent from the host (asks first; --yes to skip) and show its step',
  help: `Usage: mobilityctl uninstall [--yes] [--watch | --no-wait] [--request-id ID]
                            [--host ADDR | --hosts A,B,... | --inventory FILE [--limit P]]
                            [--parallel N] [--json] [--timeout MS]

Starts an uninstall job on the host: mobilityd runs the agent's own
uninstaller (Linux: uninstall.sh -Y in the install location, /usr/local/ASR by
default; Windows: MsiExec.exe /qn /x {275197FC-14FD-4560-A5EB-38217F80CBD1}
logging to %ProgramData%\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log), then
shows the step as it changes and the outcome. Afterwards \`mobilityctl status\`
shows the agent as not installed. Replication of the machine stops.

It asks for confirmation at a terminal; elsewhere (a script, a pipe) --yes is
required. It is refused while another install, register or uninstall job runs
on the host, and when no agent is installed. Ctrl-C stops waiting, never the
job: \`mobilityctl cancel ID\` cancels it.

Exit 0 when the job succeeded or ended with a warning (e.g. Windows asks for a
restart to finish); 1 when it failed, was cancelled or was interrupted, or the
question was answered no (nothing is sent then); 2 for a usage error, such as
a missing --yes off a terminal.

Options:
  --yes                       uninstall without asking
  --watch                     follow the job to its end (the default)
${REQUEST_ID_HELP}

With --json, prints the UninstallResponse ({"job": ...}) as protobuf JSON: at
once with --no-wait, otherwise once the job has ended.

${fleetOptionsHelp(`The question names every host at once; --yes answers it for all of
them. Every host gets its own request id; --request-id goes with --host only.`)}
Examples:
  mobilityctl uninstall --host 10.0.0.4
  mobilityctl uninstall --yes --no-wait --host 10.0.0.4
  mobilityctl uninstall --yes --hosts 10.0.0.4,10.0.0.5

${GLOBAL_OPTIONS_HELP}`,
  options: {
    yes: { type: 'boolean' },
    watch: { type: 'boolean' },
    'request-id': { type: 'string' },
    'no-wait': { type: 'boolean' },
    ...FLEET_OPTIONS,
  },

  async run(args, global) {
    const requestId = parseRequestId(args.values['request-id'] as string | undefined, 'uninstall');
    const fleet = parseFleetOptions(args, 'uninstall');
    if (fleet && requestId !== undefined) {
      throw new UsageError('--request-id names one job, so it goes with --host; with --hosts every host gets its own request id', 'uninstall');
    }
    const wait = args.values['no-wait'] !== true;
    if (!wait && args.values.watch === true) throw new UsageError('--watch and --no-wait contradict each other: pass one of them', 'uninstall');
    const target = uninstallTarget(global.host, fleet);
    if (!(await confirmUninstall(target, args.values.yes === true, terminalIo()))) {
      process.stderr.write('mobilityctl: not confirmed; nothing was uninstalled\n');
      return ExitCode.DaemonError;
    }
    const launcher: JobLauncher = {
      name: 'uninstall',
      start: (client, id, timeoutMs) => client.uninstall({ requestId: id }, { timeoutMs }),
      json: (job) => protoJsonValue(UninstallResponseSchema, create(UninstallResponseSchema, { job })),
    };
    if (fleet) return runOnHosts(fleet, global, launchTask(launcher, { wait }));
    return launchOnHost(launcher, { wait, requestId }, global);
  },
};
