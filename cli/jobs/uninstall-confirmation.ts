/**
 * The question `mobilityctl uninstall` asks before removing an agent. Removing
 * it stops replication of the machine, so it is never done by accident: --yes
 * answers the question; at a terminal the user is asked; anywhere else
 * (scripts, pipes, CI) a missing --yes is a usage error, not a silent "no".
 */
import * as readline from 'node:readline';
import { UsageError } from '../errors/cli-error';
import type { FleetOptions } from '../fleet/fleet-options';

export interface ConfirmIo {
  /** Whether standard input and standard error are a terminal (a person can answer). */
  interactive: boolean;
  /** Shows the question and resolves to the line typed ('' at end of input). */
  ask(question: string): Promise<string>;
}

/** What is being uninstalled from, in words: one host, the --hosts list, or an inventory's hosts. */
export function uninstallTarget(host: string, fleet: FleetOptions | undefined): string {
  if (!fleet) return `host ${host}`;
  if (fleet.inventory) return `every host of the inventory ${fleet.inventory.file}${fleet.inventory.limit ? ` (limit ${fleet.inventory.limit})` : ''}`;
  return fleet.hosts.length === 1 ? `host ${fleet.hosts[0]}` : `${fleet.hosts.length} hosts (${fleet.hosts.join(', ')})`;
}

/** Resolves to true to go on, false when the user answered no; throws UsageError without --yes off a terminal. */
export async function confirmUninstall(target: string, yes: boolean, io: ConfirmIo): Promise<boolean> {
  if (yes) return true;
  if (!io.interactive) {
    throw new UsageError(
      `uninstall removes the Mobility service agent from ${target} and stops its replication; ` +
        'standard input is not a terminal to ask on, so add --yes to confirm',
      'uninstall',
    );
  }
  const answer = await io.ask(`Uninstall the Mobility service agent from ${target}? Replication of the machine stops. [y/N] `);
  return /^\s*y(es)?\s*$/i.test(answer);
}

/** The real terminal: the question on stderr (stdout stays for the job id / JSON), one line read from stdin. */
export function terminalIo(): ConfirmIo {
  return {
    interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
    ask: (question) =>
      new Promise<string>((resolve) => {
        const lines = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: false });
        process.stderr.write(question);
        lines.once('line', (line) => {
          lines.close();
          resolve(line);
        });
        lines.once('close', () => resolve(''));
      }).finally(() => process.stdin.pause()),
  };
}
