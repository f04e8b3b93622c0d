/**
 * mobilityctl's entry point: find the command, parse its flags, run it, and turn
 * every failure into a one-line message and a documented exit code (see
 * errors/exit-codes.ts). Never a stack trace: people and scripts read this.
 */
import { MOBILITYD_VERSION } from '../contract/version';
import { parseCommandLine, splitCommand } from './command-line';
import { COMMANDS, findCommand } from './commands/command-list';
import { CliError, UsageError } from './errors/cli-error';
import { ExitCode } from './errors/exit-codes';
import { GLOBAL_OPTIONS, resolveGlobalOptions } from './global-options';
import { globalHelp } from './help';
import { nearestName } from './nearest-name';
import { stdoutSink } from './output/stdout-sink';

const COMMAND_NAMES = COMMANDS.map((c) => c.name).join(', ');

async function main(argv: string[]): Promise<ExitCode> {
  const { name, rest } = splitCommand(argv, GLOBAL_OPTIONS);
  if (name === undefined) return withoutCommand(rest);
  if (name === 'help') return helpCommand(rest);
  const command = findCommand(name);
  if (!command) throw unknownCommand(name);
  const args = parseCommandLine(rest, { ...GLOBAL_OPTIONS, ...command.options }, name);
  if (args.values.help) return print(command.help);
  if (args.values.version) return print(versionText());
  return command.run(args, await resolveGlobalOptions(args, process.env, name));
}

/** `mobilityctl --help`, `mobilityctl --version`, or a reminder to name a command. */
async function withoutCommand(rest: string[]): Promise<ExitCode> {
  const args = parseCommandLine(rest, GLOBAL_OPTIONS);
  if (args.values.version) return print(versionText());
  if (args.values.help) return print(globalHelp());
  throw new UsageError(`name a command: ${COMMAND_NAMES}`);
}

/** `mobilityctl help [COMMAND]`, for people used to git and kubectl. */
async function helpCommand(rest: string[]): Promise<ExitCode> {
  const name = rest.find((arg) => !arg.startsWith('-'));
  if (name === undefined) return print(globalHelp());
  const command = findCommand(name);
  if (!command) throw unknownCommand(name);
  return print(command.help);
}

/** A mistyped command gets the nearest one suggested; anything else, the list. */
function unknownCommand(name: string): UsageError {
  const near = nearestName(name, COMMANDS.map((c) => c.name));
  if (near) return new UsageError(`unknown command "${name}"; did you mean \`mobilityctl ${near}\`?`);
  return new UsageError(`unknown command "${name}"; the commands are: ${COMMAND_NAMES}`);
}

function versionText(): string {
  // mobilityctl ships in the same release as mobilityd, so they share the version.
  return `mobilityctl ${MOBILITYD_VERSION}\n`;
}

async function print(text: string): Promise<ExitCode> {
  await stdoutSink().write(text);
  return ExitCode.Ok;
}

function report(err: unknown): ExitCode {
  const error = err instanceof CliError ? err : new CliError(`unexpected error: ${messageOf(err)}`, ExitCode.DaemonError);
  let text = `mobilityctl: ${error.message}\n`;
  if (error instanceof UsageError) {
    text += `Run \`mobilityctl ${error.command ? `${error.command} ` : ''}--help\` for usage.\n`;
  }
  process.stderr.write(text);
  return error.exitCode;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// exitCode, not exit(): stdout may still be draining into a pipe.
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => (process.exitCode = report(err)),
);
