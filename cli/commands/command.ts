/** What every mobilityctl command provides to main: its flags, its help and how to run it. */
import type { OptionSpec, ParsedArgs } from '../command-line';
import type { ExitCode } from '../errors/exit-codes';
import type { GlobalOptions } from '../global-options';

export interface Command {
  name: string;
  /** One line for the command list in `mobilityctl --help`. */
  summary: string;
  /** The whole text of `mobilityctl NAME --help`. */
  help: string;
  /** The command's own flags (the global ones are added by main). */
  options: OptionSpec;
  /** Runs the command; throws CliError (or anything describeError understands) on failure. */
  run(args: ParsedArgs, global: GlobalOptions): Promise<ExitCode>;
}
