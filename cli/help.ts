/** `mobilityctl --help`: the commands, the global flags, the environment and the exit codes. */
import { COMMANDS } from './commands/command-list';
import { EXIT_CODES_HELP } from './errors/exit-codes';
import { GLOBAL_OPTIONS_HELP, HOST_ENV } from './global-options';
import { TLS_CA_ENV, TOKEN_ENV } from './security-options';
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
Run \`mobilityctl COMMAND --help\` for a command's options and examples.

Many hosts: status, health, packages, push, install, register and jobs take
--hosts A,B,... (or --inventory FILE [--limit PATTERN], an Ansible inventory)
[--parallel N] instead of --host, run on every host at once and print one
summary row per host.

Examples:
  mobilityctl status --host 10.0.0.4
  mobilityctl push ./Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz
  mobilityctl install --role MS --platform VmWare --cs-endpoint 10.0.0.2 --passphrase-file ./MobSvc.passphrase
  mobilityctl jobs
  mobilityctl health --hosts 10.0.0.4,10.0.0.5,10.0.0.6
  mobilityctl explain 95107
  mobilityctl status --host web-01:50051 --tls-ca ./ca.crt --token-file ~/.mobility/token
  mobilityctl status --host 10.0.0.4 --tls-fingerprint sha256:3f9a...

${GLOBAL_OPTIONS_HELP}
Environment:
  ${HOST_ENV}    default for --host
  ${TOKEN_ENV}   bearer token for every host (--token-file wins)
  ${TLS_CA_ENV}  default for --tls-ca (unused when --tls, --tls-ca or
                   --tls-fingerprint is given)
  NO_COLOR         turn colour off (colour is used only when stdout is a terminal)

${EXIT_CODES_HELP}`;
}
