/**
 * Starting an install or register job and, unless --no-wait, waiting for it:
 * on one host with step lines, or on many (--hosts) as one summary row each.
 * Every start carries a request id (the one given, or a fresh UUID), so a
 * retry after a lost answer returns the same job instead of starting another.
 */
import type { JsonValue } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import type { AgentControlClient } from '../../client/agent-control-client';
import { jobKindLabel, jobStateLabel } from '../../client/format/job-labels';
import { jobSummary } from '../../client/format/job-summary';
import { followJob } from '../../client/jobs/follow-job';
import { jobEnded } from '../../client/jobs/job-state';
import type { Job } from '../../gen/mobility/v1/agent_control_pb';
import { withClient } from '../connection';
import { CliError, UsageError } from '../errors/cli-error';
import { describeBriefly, describeError } from '../errors/describe-error';
import { ExitCode } from '../errors/exit-codes';
import type { HostTask } from '../fleet/run-on-hosts';
import { hostFlag, type GlobalOptions } from '../global-options';
import { stdoutSink } from '../output/stdout-sink';
import { explainBusyHost } from './busy-host';
import { jobExitCode } from './job-outcome';
import { redactJob } from './job-request-view';
import { waitAndReport } from './wait-for-job';

export interface JobLauncher {
  /** "install" or "register", for messages. */
  name: string;
  /** Sends Install or Register with this request id; resolves to the job the daemon started (or had). */
  start(client: AgentControlClient, requestId: string, timeoutMs: number): Promise<Job>;
  /** The command's JSON document for a job: its response message as protobuf JSON (given a redacted job). */
  json(job: Job): JsonValue;
}

/** The JSON document with the inline passphrase redacted, should a daemon ever send it back. */
function jobJson(launcher: JobLauncher, job: Job): JsonValue {
  return launcher.json(redactJob(job));
}

export interface LaunchOptions {
  wait: boolean;
  /** --request-id, when given. */
  requestId?: string;
}

export const REQUEST_ID_HELP = `  --request-id ID             idempotency key: a retry with the same ID returns the
                              same job instead of starting a second one (default:
                              a new random UUID, printed so a retry can reuse it)
  --no-wait                   print the job id and exit 0 at once; follow the job
                              later with \`mobilityctl job ID --watch\``;

/** Checks --request-id as mobilityd does: 1 to 128 characters, no control characters. */
export function parseRequestId(value: string | undefined, command: string): string | undefined {
  if (value === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  if (value.length === 0 || value.length > 128 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new UsageError(`--request-id must be 1 to 128 characters without control characters, e.g. a UUID`, command);
  }
  return value;
}

/** One host: print the start, the steps as they change and the outcome. */
export async function launchOnHost(launcher: JobLauncher, options: LaunchOptions, global: GlobalOptions): Promise<ExitCode> {
  const requestId = options.requestId ?? randomUUID();
  const out = stdoutSink();
  return withClient(global, async (client) => {
    const job = await startOnHost(launcher, client, requestId, global.timeoutMs);
    const flag = hostFlag(client.address);
    if (!options.wait) {
      if (global.json) {
        await out.write(`${JSON.stringify(jobJson(launcher, job), null, 2)}\n`);
      } else {
        // stdout is the job id alone, so `id=$(mobilityctl install ... --no-wait)` works.
        await out.write(`${job.id}\n`);
        process.stderr.write(
          `mobilityctl: ${launcher.name} job ${job.id} is ${jobStateLabel(job.state)} (request id ${requestId}); ` +
            `follow it with \`mobilityctl job ${job.id} --watch${flag}\`\n`,
        );
      }
      return ExitCode.Ok;
    }
    if (!global.json) {
      await out.write(
        `${jobKindLabel(job.kind)} job ${job.id} on ${client.address}\n` +
          `request id ${requestId} (a retry with --request-id ${requestId} never starts a second job)\n`,
      );
    }
    return waitAndReport(client, job.id, {
      global,
      out,
      json: (final) => `${JSON.stringify(jobJson(launcher, final), null, 2)}\n`,
    });
  });
}

/** One row of a --hosts run: each host gets its own request id. */
export function launchTask(launcher: JobLauncher, options: LaunchOptions): HostTask {
  return async ({ client, timeoutMs, signal }) => {
    const requestId = randomUUID();
    let job: Job;
    try {
      job = await launcher.start(client, requestId, timeoutMs);
    } catch (err) {
      // The row says which request id a retry on that host (--host H --request-id ID) should reuse.
      const brief = describeBriefly(err);
      if (brief.reason === 'failed') throw err;
      throw new CliError(`${brief.message} (request id ${requestId})`, ExitCode.Unreachable);
    }
    if (!options.wait) {
      return { ok: true, detail: `job ${job.id} ${jobStateLabel(job.state)}`, result: jobJson(launcher, job) };
    }
    const followed = await followJob(client, job.id, () => {}, signal);
    const last = followed.job ?? job;
    if (followed.stopped) {
      return {
        ok: false,
        detail: `stopped waiting; job ${job.id} keeps running (cancel it with \`mobilityctl cancel ${job.id} --host ${client.address}\`)`,
        result: jobJson(launcher, last),
      };
    }
    if (!jobEnded(last)) {
      throw new CliError(`mobilityd ended the watch before job ${job.id} ended (is it shutting down?)`, ExitCode.Unreachable);
    }
    return { ok: jobExitCode(last) === ExitCode.Ok, detail: jobSummary(last), result: jobJson(launcher, last) };
  };
}

/**
 * When the start call fails without an answer, the daemon may still have
 * started the job (e.g. the answer was lost after the deadline): the message
 * says which request id makes a retry safe.
 */
async function startOnHost(launcher: JobLauncher, client: AgentControlClient, requestId: string, timeoutMs: number): Promise<Job> {
  try {
    return await launcher.start(client, requestId, timeoutMs);
  } catch (err) {
    const error = describeError(await explainBusyHost(err, client, timeoutMs), client.address);
    if (error.exitCode !== ExitCode.Unreachable) throw error;
    throw new CliError(`${error.message}; to retry safely, pass --request-id ${requestId}`, error.exitCode);
  }
}
