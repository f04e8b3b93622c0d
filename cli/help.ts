/** `mobilityctl --help`: the commands, the global flags, the environment and the exit codes. */
import { COMMANDS } from './commands/command-list';
import { EXIT_CODES_HELP } from './errors/exit-codes';
import { GLOBAL_OPTIONS_HELP, HOST_ENV } from './global-options';
import { formatTable } from './output/table';

export function globalHelp(): string {
  const commands = formatTable(
    COMMANDS.map((c) => [c.name, c.summary]),
    { indent: 2, gap: 3 },
  );
  return `Usage: mobilityctl COMMAND [options]

Manages the Azure Site Recovery Mobility service agent on a host through the
host's mobilityd daemon.

Commands:
${commands}
Run \`mobilityctl COMMAND --help\` for a command's options.

${GLOBAL_OPTIONS_HELP}
Environment:
  ${HOST_ENV}  default for --host
  NO_COLOR       turn colour off (colour is used only when stdout is a terminal)

${EXIT_CODES_HELP}`;
}
