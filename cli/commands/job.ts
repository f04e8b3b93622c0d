/** `mobilityctl job ID`: one job (GetJob) as a report; with --watch, the steps as they change until the job ends. */
import { create } from '@bufbuild/protobuf';
import { ensureReachable } from '../../client/connection/ensure-reachable';
import { jobKindLabel } from '../../client/format/job-labels';
import { GetJobResponseSchema, WatchJobResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import type { ParsedArgs } from '../command-line';
import { withClient } from '../connection';
import { UsageError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { renderJob } from '../jobs/job-detail-view';
import { redactJob } from '../jobs/job-request-view';
import { explainUnknownJob } from '../jobs/unknown-job';
import { waitAndReport } from '../jobs/wait-for-job';
import { colourEnabled } from '../output/colour';
import { protoJsonLine, protoJsonText } from '../output/proto-json';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';

export const jobCommand: Command = {
  name: 'job',
  summary: 'show one job (request, steps, exit status); --watch follows it to its end',
  help: `Usage: mobilityctl job ID [--watch] [--host ADDR] [--json] [--timeout MS]

Shows a job: its kind, state and message, the request (never the passphrase),
when it was created, started and ended, the installer's or configurator's exit
code and what it means, the agent version it installed, and every step with
its state, start, duration and message. Exits 0 whatever state the job is in.

Options:
  --watch           print the steps as they change until the job ends, then the
                    outcome; exit as install does: 0 succeeded or warning, 1
                    failed, cancelled or interrupted. Ctrl-C stops watching,
                    never the job (exit 130)

With --json, prints the GetJobResponse ({"job": ...}) as protobuf JSON; with
--watch, one WatchJobResponse per line (NDJSON) for every change.

Examples:
  mobilityctl job 0b7d0c2e-8f5e-4a53-9d41-2f1f0b0c9a11
  mobilityctl job 0b7d0c2e-8f5e-4a53-9d41-2f1f0b0c9a11 --watch
  mobilityctl job "$(mobilityctl jobs --limit 1 --json | jq -r '.jobs[0].id')" --json

${GLOBAL_OPTIONS_HELP}`,
  options: { watch: { type: 'boolean' } },

  async run(args, global) {
    const id = jobId(args, 'job');
    const out = stdoutSink();
    if (args.values.watch !== true) {
      const job = redactJob(
        await withClient(global, async (client) => {
          try {
            return await client.getJob(id, { timeoutMs: global.timeoutMs });
          } catch (err) {
            throw explainUnknownJob(err, client.address);
          }
        }),
      );
      await out.write(
        global.json ? protoJsonText(GetJobResponseSchema, create(GetJobResponseSchema, { job })) : renderJob(job, { colour: colourEnabled() }),
      );
      return ExitCode.Ok;
    }
    return withClient(global, async (client) => {
      // The watch has no deadline (a job may run for many minutes), so check the daemon is there first.
      await ensureReachable(client, global.timeoutMs);
      try {
        if (!global.json) {
          const job = await client.getJob(id, { timeoutMs: global.timeoutMs });
          await out.write(`${jobKindLabel(job.kind)} job ${job.id} on ${client.address}\n`);
        }
        return await waitAndReport(client, id, {
          global,
          out,
          json: (job) => protoJsonLine(WatchJobResponseSchema, create(WatchJobResponseSchema, { job: redactJob(job) })),
          jsonEveryChange: true,
        });
      } catch (err) {
        throw explainUnknownJob(err, client.address);
      }
    });
  },
};

/** The one positional: the job id. */
export function jobId(args: ParsedArgs, command: string): string {
  const { positionals } = args;
  if (positionals.length === 0) {
    throw new UsageError(`name the job, e.g. \`mobilityctl ${command} ID\` (\`mobilityctl jobs\` lists the ids)`, command);
  }
  if (positionals.length > 1) throw new UsageError(`${command} takes one job id, but got: ${positionals.join(' ')}`, command);
  return positionals[0];
}
