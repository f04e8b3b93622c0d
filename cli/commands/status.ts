/** `mobilityctl status`: GetStatus as a report, or as protobuf JSON for scripts. */
import { osName, registrationLabel, securityLabel } from '../../client/format/status-labels';
import { GetStatusResponseSchema, type GetStatusResponse } from '../../gen/mobility/v1/agent_control_pb';
import { expectNoPositionals } from '../command-line';
import { withClient } from '../connection';
import { ExitCode } from '../errors/exit-codes';
import { FLEET_OPTIONS, fleetOptionsHelp, parseFleetOptions } from '../fleet/fleet-options';
import { runOnHosts } from '../fleet/run-on-hosts';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { colourEnabled } from '../output/colour';
import { protoJsonText, protoJsonValue } from '../output/proto-json';
import { renderStatus } from '../output/status-view';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show the daemon, host OS, agent, agent processes and logs',
  help: `Usage: mobilityctl status [--host ADDR | --hosts A,B,... | --inventory FILE [--limit P]]
                          [--parallel N] [--json] [--timeout MS]

Shows the host's status as mobilityd reads it now: the daemon (version, listen
addresses, uptime, security: TLS, client certificates, tokens), the OS and its installer OS tag and support, the Mobility
service agent (install, role, platform, registration, memory share), the agent's
processes and the logs mobilityd can tail.

A daemon started with --allow-insecure beyond loopback is reported first, as
"INSECURE: <why>" (with --json: daemon.security.insecure is true, and a warning
goes to stderr).

With --json, prints the GetStatusResponse as protobuf JSON (enum names, every
field present even when empty) for scripts.

${fleetOptionsHelp(`DETAIL is the agent's version and registration, or the OS when the agent is
not installed; "INSECURE; " first for an insecure daemon.`)}
Examples:
  mobilityctl status
  mobilityctl status --host 10.0.0.4 --json | jq .agent.version
  mobilityctl status --hosts 10.0.0.4,10.0.0.5,10.0.0.6

${GLOBAL_OPTIONS_HELP}`,
  options: { ...FLEET_OPTIONS },

  async run(args, global) {
    expectNoPositionals(args, 'status');
    const fleet = parseFleetOptions(args, 'status');
    if (fleet) {
      return runOnHosts(fleet, global, async ({ client, timeoutMs }) => {
        const response = await client.getStatus({ timeoutMs });
        return { ok: true, detail: statusDetail(response), result: protoJsonValue(GetStatusResponseSchema, response) };
      });
    }
    const response = await withClient(global, (client) => client.getStatus({ timeoutMs: global.timeoutMs }));
    // JSON keeps stdout for scripts; people running them still see the warning.
    if (global.json && response.daemon?.security?.insecure) {
      process.stderr.write(`mobilityctl: warning: mobilityd at ${global.host} is ${securityLabel(response.daemon.security)}\n`);
    }
    const text = global.json
      ? // alwaysEmitImplicit: scripts can rely on every key (agent.installed: false, not a missing key).
        protoJsonText(GetStatusResponseSchema, response)
      : renderStatus(response, { host: global.host, colour: colourEnabled() });
    await stdoutSink().write(text);
    return ExitCode.Ok;
  },
};

/** "agent 9.30.0.0, registered with configuration server 10.0.0.2" or "agent not installed; Ubuntu 20.04.6 LTS (UBUNTU-20.04-64)". */
function statusDetail(status: GetStatusResponse): string {
  return (status.daemon?.security?.insecure ? 'INSECURE; ' : '') + agentDetail(status);
}

function agentDetail(status: GetStatusResponse): string {
  const agent = status.agent;
  if (agent?.installed) return `agent ${agent.version || 'installed'}, ${registrationLabel(agent)}`;
  const os = status.os;
  const name = osName(os) || 'unknown OS';
  return `agent not installed; ${name}${os?.installerOsTag ? ` (${os.installerOsTag})` : ''}`;
}
