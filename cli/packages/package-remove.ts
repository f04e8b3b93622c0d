/** `mobilityctl packages rm NAME`: DeletePackage on one host, and what was removed. */
import { create } from '@bufbuild/protobuf';
import { describePackage } from '../../client/format/package-summary';
import { packageNameProblem } from '../../contract/package-name';
import { DeletePackageResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import type { ParsedArgs } from '../command-line';
import { withClient } from '../connection';
import { UsageError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import type { GlobalOptions } from '../global-options';
import { protoJsonText } from '../output/proto-json';
import { stdoutSink } from '../output/stdout-sink';

/** `args.positionals` is ["rm", NAME]. */
export async function removePackage(args: ParsedArgs, global: GlobalOptions): Promise<ExitCode> {
  const name = packageToRemove(args);
  const removed = await withClient(global, (client) => client.deletePackage(name, { timeoutMs: global.timeoutMs }));
  const text = global.json
    ? protoJsonText(DeletePackageResponseSchema, create(DeletePackageResponseSchema, { package: removed }))
    : `Removed ${describePackage(removed)} from ${global.host}\n`;
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
  if (args.values.hosts !== undefined || args.values.inventory !== undefined || args.values.limit !== undefined || args.values.parallel !== undefined) {
    throw new UsageError('packages rm removes a package from one host at a time: use --host, not --hosts or --inventory', 'packages');
  }
  const problem = packageNameProblem(names[0]);
  if (problem) throw new UsageError(problem, 'packages');
  return names[0];
}
