/** `mobilityctl cancel ID`: CancelJob, then the state the job is in. */
import { create } from '@bufbuild/protobuf';
import { CancelJobResponseSchema, JobState } from '../../gen/mobility/v1/agent_control_pb';
import { withClient } from '../connection';
import { CliError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import { GLOBAL_OPTIONS_HELP, hostFlag } from '../global-options';
import { jobKindLabel, jobOutcomePhrase } from '../jobs/job-labels';
import { redactJob } from '../jobs/job-request-view';
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
the job is in afterwards; a job that had already ended keeps its state.
Exits 0 when mobilityd answered, whatever the state.

With --json, prints the CancelJobResponse ({"job": ...}) as protobuf JSON.

Examples:
  mobilityctl cancel 0b7d0c2e-8f5e-4a53-9d41-2f1f0b0c9a11
  mobilityctl cancel 0b7d0c2e-8f5e-4a53-9d41-2f1f0b0c9a11 --host 10.0.0.4

${GLOBAL_OPTIONS_HELP}`,
  options: {},

  async run(args, global) {
    const id = jobId(args, 'cancel');
    const response = await withClient(global, (client) => client.cancelJob(id, { timeoutMs: global.timeoutMs }));
    if (!response.job) throw new CliError(`mobilityd at ${global.host} answered CancelJob without a job`, ExitCode.DaemonError);
    const job = redactJob(response.job);
    let text: string;
    if (global.json) {
      text = protoJsonText(CancelJobResponseSchema, create(CancelJobResponseSchema, { job }));
    } else if (job.state === JobState.CANCELLED) {
      text = `${jobKindLabel(job.kind)} job ${job.id} was cancelled${job.message ? `: ${job.message}` : ''}\n`;
    } else if (job.state === JobState.QUEUED || job.state === JobState.RUNNING) {
      text = `${jobKindLabel(job.kind)} job ${job.id} ${jobOutcomePhrase(job.state)}; cancelling it; follow it with \`mobilityctl job ${job.id} --watch${hostFlag(global.host)}\`\n`;
    } else {
      text = `${jobKindLabel(job.kind)} job ${job.id} had already ended: it ${jobOutcomePhrase(job.state)}${job.message ? `: ${job.message}` : ''}\n`;
    }
    await stdoutSink().write(text);
    return ExitCode.Ok;
  },
};
