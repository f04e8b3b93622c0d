/** `mobilityctl cancel ID`: cancels a job (CancelJob), then says the state the job is in. */
import { create } from '@bufbuild/protobuf';
import { jobKindLabel, jobOutcomePhrase } from '../../client/format/job-labels';
import { cancelJob } from '../../client/jobs/cancel-job';
import { jobEnded } from '../../client/jobs/job-state';
import { CancelJobResponseSchema, JobState, type Job } from '../../gen/mobility/v1/agent_control_pb';
import { withClient } from '../connection';
import { ExitCode } from '../errors/exit-codes';
import { GLOBAL_OPTIONS_HELP, hostFlag } from '../global-options';
import { redactJob } from '../jobs/job-request-view';
import { explainUnknownJob } from '../jobs/unknown-job';
import { protoJsonText } from '../output/proto-json';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';
import { jobId } from './job';

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'cancel a queued or running job (the installer is stopped)',
  help: `Usage: mobilityctl cancel ID [--host ADDR] [--json] [--timeout MS]

Cancels a queued or running job: mobilityd kills the installer's or
configurator's whole process tree and marks the job cancelled. Prints the state
the job is in afterwards. As with kubectl's idempotent commands, a job that had
already ended has nothing to cancel: that is said, with how the job ended, and
is not an error.

Exit codes:
  0  the job was cancelled, is being cancelled, or had already ended
  1  mobilityd answered with an error, e.g. there is no job with that id
  2  usage error; 3  cannot reach mobilityd

With --json, prints the job as protobuf JSON ({"job": ...}, a CancelJobResponse),
also when it had already ended.

Examples:
  mobilityctl cancel 0b7d0c2e-8f5e-4a53-9d41-2f1f0b0c9a11
  mobilityctl cancel 0b7d0c2e-8f5e-4a53-9d41-2f1f0b0c9a11 --host 10.0.0.4

${GLOBAL_OPTIONS_HELP}`,
  options: {},

  async run(args, global) {
    const id = jobId(args, 'cancel');
    const result = await withClient(global, async (client) => {
      try {
        return await cancelJob(client, id, { timeoutMs: global.timeoutMs });
      } catch (err) {
        throw explainUnknownJob(err, client.address);
      }
    });
    const job = redactJob(result.job);
    const text = global.json
      ? protoJsonText(CancelJobResponseSchema, create(CancelJobResponseSchema, { job }))
      : cancelText(job, result.alreadyEnded, global.host);
    await stdoutSink().write(text);
    return ExitCode.Ok;
  },
};

function cancelText(job: Job, alreadyEnded: boolean, host: string): string {
  const kind = jobKindLabel(job.kind);
  const message = job.message ? `: ${job.message}` : '';
  if (alreadyEnded || (jobEnded(job) && job.state !== JobState.CANCELLED)) {
    return `${kind} job ${job.id} had already ended: it ${jobOutcomePhrase(job.state)}${message}; nothing to cancel\n`;
  }
  if (job.state === JobState.CANCELLED) return `${kind} job ${job.id} was cancelled${message}\n`;
  return `${kind} job ${job.id} ${jobOutcomePhrase(job.state)}; cancelling it; follow it with \`mobilityctl job ${job.id} --watch${hostFlag(host)}\`\n`;
}
