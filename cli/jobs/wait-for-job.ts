/**
 * Waiting for one job on one host (install, register, job --watch): step lines
 * as they change, then the outcome; the exit code says how the job ended.
 * Ctrl-C stops waiting, never the job.
 */
import type { AgentControlClient } from '../../client/agent-control-client';
import { followJob } from '../../client/jobs/follow-job';
import { jobEnded } from '../../client/jobs/job-state';
import type { Job } from '../../gen/mobility/v1/agent_control_pb';
import { CliError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import { hostFlag, type GlobalOptions } from '../global-options';
import { onInterrupt } from '../interrupt';
import { colourEnabled, unicodeEnabled } from '../output/colour';
import type { StdoutSink } from '../output/stdout-sink';
import { jobExitCode } from './job-outcome';
import { failureSentence, outcomeText } from './job-outcome';
import { StepLines } from './step-lines';

export interface WaitOptions {
  global: GlobalOptions;
  out: StdoutSink;
  /**
   * With --json: the job as the command prints it. Once, for the final state,
   * unless `jsonEveryChange`, when every state is printed as it arrives (NDJSON).
   */
  json: (job: Job) => string;
  jsonEveryChange?: boolean;
}

export async function waitAndReport(client: AgentControlClient, id: string, options: WaitOptions): Promise<ExitCode> {
  const { global, out } = options;
  const steps = new StepLines({ unicode: unicodeEnabled(), colour: colourEnabled() });
  const controller = new AbortController();
  const releaseInterrupt = onInterrupt(() => controller.abort());
  const releaseStdout = out.onClose(() => controller.abort());
  let result;
  try {
    result = await followJob(
      client,
      id,
      async (job) => {
        if (global.json) {
          if (options.jsonEveryChange) await out.write(options.json(job));
          return;
        }
        const lines = steps.lines(job);
        if (lines.length) await out.write(lines.map((line) => `${line}\n`).join(''));
      },
      controller.signal,
    );
  } finally {
    releaseInterrupt();
    releaseStdout();
  }
  const flag = hostFlag(client.address);
  if (result.stopped) {
    process.stderr.write(
      `mobilityctl: stopped waiting; the job keeps running; cancel it with \`mobilityctl cancel ${id}${flag}\`` +
        ` or follow it again with \`mobilityctl job ${id} --watch${flag}\`\n`,
    );
    return ExitCode.Interrupted;
  }
  const job = result.job;
  if (!job || !jobEnded(job)) {
    throw new CliError(
      `mobilityd at ${client.address} ended the watch before job ${id} ended (is it shutting down?); ` +
        `follow it again with \`mobilityctl job ${id} --watch${flag}\` once it is back`,
      ExitCode.Unreachable,
    );
  }
  if (!global.json) await out.write(outcomeText(job, { colour: colourEnabled(), hostFlag: flag }));
  else if (!options.jsonEveryChange) await out.write(options.json(job));
  const code = jobExitCode(job);
  if (code !== ExitCode.Ok) process.stderr.write(`mobilityctl: ${failureSentence(job)}\n`);
  return code;
}
