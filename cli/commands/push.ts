/** `mobilityctl push FILE`: UploadPackage, the push-installation way of getting an installer onto a host. */
import * as path from 'node:path';
import type { AgentControlClient } from '../../client/agent-control-client';
import { ensureReachable } from '../../client/connection/ensure-reachable';
import { LocalFileError } from '../../client/errors/local-file-error';
import { describePackage } from '../../client/format/package-summary';
import { inspectPackageFile, packageChunks, type LocalPackage } from '../../client/packages/package-file';
import { NAME_EXAMPLE as PACKAGE_NAME_EXAMPLE } from '../../contract/package-name';
import { UploadPackageResponseSchema, type UploadPackageResponse } from '../../gen/mobility/v1/agent_control_pb';
import { withClient } from '../connection';
import { CliError, UsageError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import { FLEET_OPTIONS, fleetOptionsHelp, parseFleetOptions } from '../fleet/fleet-options';
import { runOnHosts } from '../fleet/run-on-hosts';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { onInterrupt } from '../interrupt';
import { ProgressLine } from '../output/progress-line';
import { protoJsonText, protoJsonValue } from '../output/proto-json';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';

export const pushCommand: Command = {
  name: 'push',
  summary: "upload an installer package into the host's repository",
  help: `Usage: mobilityctl push FILE [--host ADDR | --hosts A,B,... | --inventory FILE [--limit P]]
                             [--parallel N] [--json] [--timeout MS]

Uploads a local installer file into the host's package repository, where
install finds it. The file name must follow the installer naming pattern
(checked here first), e.g.
  ${PACKAGE_NAME_EXAMPLE}
The file's sha256 is computed first and sent ahead of the content; mobilityd
stores the file only when the content matches it (and keeps nothing of an
upload that fails or is interrupted). An identical file already in the
repository is reported as already present. Progress is shown on stderr when it
is a terminal.

With --json, prints the UploadPackageResponse (package, alreadyPresent) as
protobuf JSON.

${fleetOptionsHelp(`The file is hashed once and streamed to every host.`)}
Examples:
  mobilityctl push ./${PACKAGE_NAME_EXAMPLE}
  mobilityctl push ./${PACKAGE_NAME_EXAMPLE} --hosts 10.0.0.4,10.0.0.5

${GLOBAL_OPTIONS_HELP}`,
  options: { ...FLEET_OPTIONS },

  async run(args, global) {
    if (args.positionals.length !== 1) {
      throw new UsageError(
        args.positionals.length === 0 ? 'name the installer file to push, e.g. `mobilityctl push ./FILE`' : `push takes one file, but got: ${args.positionals.join(' ')}`,
        'push',
      );
    }
    const fleet = parseFleetOptions(args, 'push');
    const file = args.positionals[0];
    const hashing = new ProgressLine(`hashing ${path.basename(file)}`, 0);
    let local: LocalPackage;
    try {
      local = await inspectPackageFile(file, (done, total) => hashing.update(done, total));
    } catch (err) {
      // Nothing was sent: the file on this machine is the problem.
      throw err instanceof LocalFileError ? new UsageError(err.message, 'push') : err;
    } finally {
      hashing.end();
    }

    if (fleet) {
      return runOnHosts(fleet, global, async ({ client, timeoutMs, signal }) => {
        await ensureReachable(client, timeoutMs);
        const response = await client.uploadPackage(header(local), packageChunks(local), { signal });
        return { ok: true, detail: storedDetail(response), result: protoJsonValue(UploadPackageResponseSchema, response) };
      });
    }

    const response = await withClient(global, async (client) => {
      await ensureReachable(client, global.timeoutMs);
      return upload(client, local);
    });
    await stdoutSink().write(
      global.json ? protoJsonText(UploadPackageResponseSchema, response) : `${storedText(response, global.host)}\n`,
    );
    return ExitCode.Ok;
  },
};

function header(local: LocalPackage) {
  return { name: local.name, sha256: local.sha256, sizeBytes: local.sizeBytes };
}

/** One host, with a progress line and Ctrl-C cutting the upload off (the host keeps nothing). */
async function upload(client: AgentControlClient, local: LocalPackage): Promise<UploadPackageResponse> {
  const controller = new AbortController();
  const release = onInterrupt(() => controller.abort());
  const progress = new ProgressLine(`pushing ${local.name} to ${client.address}`, local.sizeBytes);
  try {
    // No deadline: a big file on a slow link takes as long as it takes; the daemon was checked first.
    return await client.uploadPackage(header(local), packageChunks(local, (done) => progress.update(done)), {
      signal: controller.signal,
    });
  } catch (err) {
    if (controller.signal.aborted) {
      throw new CliError(`push interrupted; ${client.address} keeps nothing of ${local.name}`, ExitCode.Interrupted);
    }
    throw err;
  } finally {
    progress.end();
    release();
  }
}

function storedText(response: UploadPackageResponse, host: string): string {
  const p = response.package;
  if (!p) return `pushed to ${host}`;
  const where = p.matchesHost ? "it serves the host's OS" : "it does not serve the host's OS";
  return response.alreadyPresent
    ? `${p.name} is already present on ${host}: nothing was written (${where})\n  ${describePackage(p)}`
    : `Stored ${p.name} on ${host} (${where})\n  ${describePackage(p)}`;
}

function storedDetail(response: UploadPackageResponse): string {
  const name = response.package?.name ?? 'the package';
  return response.alreadyPresent ? `${name} already present` : `stored ${name}`;
}
