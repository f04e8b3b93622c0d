/**
 * Errors the CLI reports to the user: a message written for people and the
 * exit code that goes with it. main prints the message, never a stack trace.
 */
import { ExitCode } from './exit-codes';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad command line. `command` names whose --help to point at, if any. */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message, ExitCode.Usage);
    this.name = 'UsageError';
  }
}
