/** `mobilityctl register`: Register the installed agent with a configuration server, then wait for the job. */
import { create } from '@bufbuild/protobuf';
import { RegisterResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { UsageError } from '../errors/cli-error';
import { FLEET_OPTIONS, fleetOptionsHelp, parseFleetOptions } from '../fleet/fleet-options';
import { runOnHosts } from '../fleet/run-on-hosts';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { launchOnHost, launchTask, parseRequestId, REQUEST_ID_HELP, type JobLauncher } from '../jobs/job-launch';
import {
  parseRegistrationOptions,
  readRegistration,
  REGISTRATION_OPTIONS,
  REGISTRATION_OPTIONS_HELP,
} from '../jobs/registration-options';
import { protoJsonValue } from '../output/proto-json';
import type { Command } from './command';

export const registerCommand: Command = {
  name: 'register',
  summary: 'register the installed agent with a configuration server',
  help: `Usage: mobilityctl register --cs-endpoint IP (--passphrase-file PATH | --passphrase-stdin |
                                             --host-passphrase-file PATH)
                           [--request-id ID] [--no-wait]
                           [--host ADDR | --hosts A,B,... | --inventory FILE [--limit P]]
                           [--parallel N] [--json] [--timeout MS]

Starts a register job: mobilityd runs the agent's configurator with the
configuration server's IP address and the passphrase, then this command shows
the step and the outcome as install does. A wrong passphrase fails the job
(the configurator exits 14) with exit 1. Ctrl-C stops waiting, never the job
(exit 130).

Options:
${REGISTRATION_OPTIONS_HELP}
${REQUEST_ID_HELP}

With --json, prints the RegisterResponse ({"job": ...}) as protobuf JSON: at
once with --no-wait, otherwise once the job has ended.

${fleetOptionsHelp(`The passphrase is read once and sent to every host; every host gets its own
request id; --request-id goes with --host only.`)}
Examples:
  mobilityctl register --cs-endpoint 10.0.0.2 --passphrase-file ./MobSvc.passphrase
  ssh cs 'cat MobSvc.passphrase' | mobilityctl register --cs-endpoint 10.0.0.2 --passphrase-stdin
  mobilityctl register --cs-endpoint 10.0.0.2 --host-passphrase-file /etc/mobilityd/passphrases/MobSvc.passphrase --host 10.0.0.4

${GLOBAL_OPTIONS_HELP}`,
  options: {
    'request-id': { type: 'string' },
    'no-wait': { type: 'boolean' },
    ...REGISTRATION_OPTIONS,
    ...FLEET_OPTIONS,
  },

  async run(args, global) {
    const choice = parseRegistrationOptions(args, 'register', true)!;
    if (args.positionals.length > 0) {
      throw new UsageError(`register takes no arguments, but got: ${args.positionals.join(' ')}`, 'register');
    }
    const requestId = parseRequestId(args.values['request-id'] as string | undefined, 'register');
    const fleet = parseFleetOptions(args, 'register');
    if (fleet && requestId !== undefined) {
      throw new UsageError('--request-id names one job, so it goes with --host; with --hosts every host gets its own request id', 'register');
    }
    const registration = await readRegistration(choice, 'register');
    const launcher: JobLauncher = {
      name: 'register',
      start: (client, id, timeoutMs) => client.register({ registration, requestId: id }, { timeoutMs }),
      json: (job) => protoJsonValue(RegisterResponseSchema, create(RegisterResponseSchema, { job })),
    };
    const wait = args.values['no-wait'] !== true;
    if (fleet) return runOnHosts(fleet, global, launchTask(launcher, { wait }));
    return launchOnHost(launcher, { wait, requestId }, global);
  },
};
