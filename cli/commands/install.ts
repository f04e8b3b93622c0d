/** `mobilityctl install`: Install, then (unless --no-wait) the job's steps as they change and its outcome. */
import { create } from '@bufbuild/protobuf';
import { InstallResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { UsageError } from '../errors/cli-error';
import { FLEET_OPTIONS, fleetOptionsHelp, parseFleetOptions } from '../fleet/fleet-options';
import { runOnHosts } from '../fleet/run-on-hosts';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { parseInstallOptions } from '../jobs/install-options';
import { launchOnHost, launchTask, parseRequestId, REQUEST_ID_HELP, type JobLauncher } from '../jobs/job-launch';
import { readRegistration, REGISTRATION_OPTIONS, REGISTRATION_OPTIONS_HELP } from '../jobs/registration-options';
import { protoJsonValue } from '../output/proto-json';
import type { Command } from './command';

export const installCommand: Command = {
  name: 'install',
  summary: 'install or upgrade the agent from the host\'s repository and show its steps',
  help: `Usage: mobilityctl install --role MS|MT --platform VmWare|Azure [--location PATH]
                          [--package NAME] [--cs-endpoint IP PASSPHRASE-FLAG]
                          [--request-id ID] [--no-wait]
                          [--host ADDR | --hosts A,B,... | --inventory FILE [--limit P]]
                          [--parallel N] [--json] [--timeout MS]

Starts an install job on the host: mobilityd copies the package from its
repository, runs the installer's prerequisite check, installs the agent (an
upgrade when it is already installed) and, with --cs-endpoint, registers it.
Then it shows each step as it changes and the outcome:

  [ OK ] Copy package          succeeded  (0.1s)
  [ OK ] Prerequisite check    succeeded  (0.4s)
  [ .. ] Install agent         running

(✔, ▶, ✖, ... instead of the tags at a terminal). Ctrl-C stops waiting, never
the job: it keeps running, \`mobilityctl cancel ID\` cancels it (exit 130).

Exit 0 when the job succeeded, and also when it ended with a warning (the agent
works but something optional failed, e.g. the VSS provider on agent 9.23+; the
warning is printed and the job state is WARNING). Exit 1 when it failed, was
cancelled or was interrupted; the installer's exit code and its meaning are
printed (e.g. 99 prerequisites not met).

Options:
  --role ROLE                 MS (Mobility service) or MT (master target); Agent
                              and MasterTarget are accepted and sent as MS and MT
  --platform P                VmWare for VMware VMs and physical servers (and
                              Azure VMs managed as physical machines), Azure for
                              Azure VMs
  --location PATH             absolute install folder on the host (default
                              /usr/local/ASR, or C:\\Program Files (x86)\\Microsoft
                              Azure Site Recovery)
  --package NAME              a package file name from \`mobilityctl packages\`
                              (default: the newest package for the host's OS)
${REQUEST_ID_HELP}

Registering afterwards (optional; all of it or none):
${REGISTRATION_OPTIONS_HELP}

With --json, prints the InstallResponse ({"job": ...}) as protobuf JSON: at
once with --no-wait, otherwise once the job has ended.

${fleetOptionsHelp(`Every host gets its own request id (shown when a host cannot be
reached); --request-id goes with --host only.`)}
Examples:
  mobilityctl install --role MS --platform VmWare --host 10.0.0.4
  mobilityctl install --role MS --platform VmWare --cs-endpoint 10.0.0.2 \\
      --passphrase-file ./MobSvc.passphrase
  id=$(mobilityctl install --role MT --platform Azure --no-wait) && mobilityctl job "$id" --watch
  mobilityctl install --role MS --platform VmWare --hosts 10.0.0.4,10.0.0.5 --parallel 4

${GLOBAL_OPTIONS_HELP}`,
  options: {
    role: { type: 'string' },
    platform: { type: 'string' },
    location: { type: 'string' },
    package: { type: 'string' },
    'request-id': { type: 'string' },
    'no-wait': { type: 'boolean' },
    ...REGISTRATION_OPTIONS,
    ...FLEET_OPTIONS,
  },

  async run(args, global) {
    const options = parseInstallOptions(args);
    const requestId = parseRequestId(args.values['request-id'] as string | undefined, 'install');
    const fleet = parseFleetOptions(args, 'install');
    if (fleet && requestId !== undefined) {
      throw new UsageError('--request-id names one job, so it goes with --host; with --hosts every host gets its own request id', 'install');
    }
    const registration = options.registration ? await readRegistration(options.registration, 'install') : undefined;
    const launcher: JobLauncher = {
      name: 'install',
      start: (client, id, timeoutMs) => client.install({ ...options.request, registration, requestId: id }, { timeoutMs }),
      json: (job) => protoJsonValue(InstallResponseSchema, create(InstallResponseSchema, { job })),
    };
    const wait = args.values['no-wait'] !== true;
    if (fleet) return runOnHosts(fleet, global, launchTask(launcher, { wait }));
    return launchOnHost(launcher, { wait, requestId }, global);
  },
};
