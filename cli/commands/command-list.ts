/** The commands, in the order `mobilityctl --help` lists them. */
import { cancelCommand } from './cancel';
import type { Command } from './command';
import { explainCommand } from './explain';
import { healthCommand } from './health';
import { installCommand } from './install';
import { jobCommand } from './job';
import { jobsCommand } from './jobs';
import { logsCommand } from './logs';
import { packagesCommand } from './packages';
import { pushCommand } from './push';
import { registerCommand } from './register';
import { statusCommand } from './status';
import { uninstallCommand } from './uninstall';

export const COMMANDS: readonly Command[] = [
  statusCommand,
  logsCommand,
  healthCommand,
  packagesCommand,
  pushCommand,
  installCommand,
  registerCommand,
  uninstallCommand,
  jobsCommand,
  jobCommand,
  cancelCommand,
  explainCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
