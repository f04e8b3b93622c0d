/** A job id the daemon does not know: its NOT_FOUND, plus the command that lists the ids. */
import { ClientError } from '../../client/errors/client-error';
import { CliError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import { hostFlag } from '../global-options';

/** `err` as the CLI reports it when it is a NOT_FOUND for a job id; anything else unchanged. */
export function explainUnknownJob(err: unknown, host: string): unknown {
  if (!(err instanceof ClientError) || err.code !== 'not_found') return err;
  return new CliError(`${host}: ${err.rawMessage}; \`mobilityctl jobs${hostFlag(host)}\` lists the jobs there are`, ExitCode.DaemonError);
}
