/** `mobilityctl status`: GetStatus as a report, or as protobuf JSON for scripts. */
import { toJson } from '@bufbuild/protobuf';
import { GetStatusResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { expectNoPositionals } from '../command-line';
import { withClient } from '../connection';
import { ExitCode } from '../errors/exit-codes';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { colourEnabled } from '../output/colour';
import { renderStatus } from '../output/status-view';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show the daemon, host OS, agent, agent processes and logs',
  help: `Usage: mobilityctl status [--host ADDR] [--json] [--timeout MS]

Shows the host's status as mobilityd reads it now: the daemon (version, listen
addresses, uptime), the OS and its installer OS tag and support, the Mobility
service agent (install, role, platform, registration, memory share), the agent's
processes and the logs mobilityd can tail.

With --json, prints the GetStatusResponse as protobuf JSON (enum names, every
field present even when empty) for scripts.

${GLOBAL_OPTIONS_HELP}`,
  options: {},

  async run(args, global) {
    expectNoPositionals(args, 'status');
    const response = await withClient(global, (client) => client.getStatus({ timeoutMs: global.timeoutMs }));
    const text = global.json
      ? // alwaysEmitImplicit: scripts can rely on every key (agent.installed: false, not a missing key).
        `${JSON.stringify(toJson(GetStatusResponseSchema, response, { alwaysEmitImplicit: true }), null, 2)}\n`
      : renderStatus(response, { host: global.host, colour: colourEnabled() });
    await stdoutSink().write(text);
    return ExitCode.Ok;
  },
};
