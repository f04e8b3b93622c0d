/** `mobilityctl packages rm NAME`: DeletePackage on one host, and what was removed. */
import { DeletePackageResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import type { ParsedArgs } from '../command-line';
import { withClient } from '../connection';
import { CliError, UsageError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import type { GlobalOptions } from '../global-options';
import { protoJsonText } from '../output/proto-json';
import { stdoutSink } from '../output/stdout-sink';
import { packageNameProblem } from './package-name';
import { describePackage } from './package-view';

/** `args.positionals` is ["rm", NAME]. */
export async function removePackage(args: ParsedArgs, global: GlobalOptions): Promise<ExitCode> {
  const name = packageToRemove(args);
  const response = await withClient(global, (client) => client.deletePackage(name, { timeoutMs: global.timeoutMs }));
  if (!response.package) throw new CliError(`mobilityd at ${global.host} answered DeletePackage without the package`, ExitCode.DaemonError);
  const text = global.json
    ? protoJsonText(DeletePackageResponseSchema, response)
    : `Removed ${describePackage(response.package)} from ${global.host}\n`;
  await stdoutSink().write(text);
  return ExitCode.Ok;
}

/** The one NAME, checked here so that a typo costs no round trip. */
function packageToRemove(args: ParsedArgs): string {
  const names = args.positionals.slice(1);
  if (names.length === 0) {
    throw new UsageError('name the package to remove, e.g. `mobilityctl packages rm NAME` (`mobilityctl packages` lists them)', 'packages');
  }
  if (names.length > 1) throw new UsageError(`packages rm takes one package name, but got: ${names.join(' ')}`, 'packages');
  // Removing is destructive: one host at a time, named with --host.
  if (args.values.hosts !== undefined || args.values.parallel !== undefined) {
    throw new UsageError('packages rm removes a package from one host at a time: use --host, not --hosts', 'packages');
  }
  const problem = packageNameProblem(names[0]);
  if (problem) throw new UsageError(problem, 'packages');
  return names[0];
}
