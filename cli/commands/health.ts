/** `mobilityctl health`: the standard grpc.health.v1 Check, for probes and scripts. */
import {
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from '../../gen/grpc/health/v1/health_pb';
import { expectNoPositionals } from '../command-line';
import { withClient } from '../connection';
import { ExitCode } from '../errors/exit-codes';
import { FLEET_OPTIONS, fleetOptionsHelp, parseFleetOptions } from '../fleet/fleet-options';
import { runOnHosts } from '../fleet/run-on-hosts';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { protoJsonValue } from '../output/proto-json';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';

export const healthCommand: Command = {
  name: 'health',
  summary: 'check whether mobilityd is serving (exit 0 only when SERVING)',
  help: `Usage: mobilityctl health [--service NAME] [--host ADDR | --hosts A,B,... | --inventory FILE [--limit P]]
                         [--parallel N] [--json] [--timeout MS]

Asks mobilityd's grpc.health.v1 service and prints the serving status
(SERVING, NOT_SERVING, ...). Exits 0 only when the status is SERVING, so it
works as a readiness probe.

Options:
  --service NAME  check one gRPC service, e.g. mobility.v1.AgentControl
                  (default: the whole server)

${fleetOptionsHelp(`A host is ok only when it is SERVING.`)}
Examples:
  mobilityctl health
  mobilityctl health --hosts 10.0.0.4,10.0.0.5 --timeout 2000

${GLOBAL_OPTIONS_HELP}`,
  options: { service: { type: 'string' }, ...FLEET_OPTIONS },

  async run(args, global) {
    expectNoPositionals(args, 'health');
    const service = (args.values.service as string | undefined) ?? '';
    const fleet = parseFleetOptions(args, 'health');
    if (fleet) {
      return runOnHosts(fleet, global, async ({ client, timeoutMs }) => {
        const response = await client.checkHealth(service, { timeoutMs });
        const name = ServingStatus[response.status] ?? String(response.status);
        return { ok: response.status === ServingStatus.SERVING, detail: name, result: protoJsonValue(HealthCheckResponseSchema, response) };
      });
    }
    const response = await withClient(global, (client) => client.checkHealth(service, { timeoutMs: global.timeoutMs }));
    const text = global.json
      ? JSON.stringify(protoJsonValue(HealthCheckResponseSchema, response))
      : (ServingStatus[response.status] ?? String(response.status));
    await stdoutSink().write(`${text}\n`);
    return response.status === ServingStatus.SERVING ? ExitCode.Ok : ExitCode.DaemonError;
  },
};
