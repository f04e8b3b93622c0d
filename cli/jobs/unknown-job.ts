/** A job id the daemon does not know: its NOT_FOUND, plus the command that lists the ids. */
import { status } from '@grpc/grpc-js';
import { CliError } from '../errors/cli-error';
import { isServiceError } from '../errors/describe-grpc-error';
import { ExitCode } from '../errors/exit-codes';
import { hostFlag } from '../global-options';

/** `err` as the CLI reports it when it is a NOT_FOUND for a job id; anything else unchanged. */
export function explainUnknownJob(err: unknown, host: string): unknown {
  if (!isServiceError(err) || err.code !== status.NOT_FOUND) return err;
  return new CliError(`${host}: ${err.details}; \`mobilityctl jobs${hostFlag(host)}\` lists the jobs there are`, ExitCode.DaemonError);
}
