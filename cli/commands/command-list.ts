/** The commands of this milestone, in the order `mobilityctl --help` lists them. */
import type { Command } from './command';
import { healthCommand } from './health';
import { logsCommand } from './logs';
import { statusCommand } from './status';

export const COMMANDS: readonly Command[] = [statusCommand, logsCommand, healthCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
