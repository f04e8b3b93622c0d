/**
 * mobilityd runs one agent operation at a time and refuses another with
 * FAILED_PRECONDITION naming the job that runs. The daemon's message is the
 * same for every client; the CLI adds its own commands that follow or cancel
 * that job, found in the host's job list (newest first).
 */
import { status } from '@grpc/grpc-js';
import type { AgentControlClient } from '../../client/agent-control-client';
import { CliError } from '../errors/cli-error';
import { isServiceError } from '../errors/describe-grpc-error';
import { ExitCode } from '../errors/exit-codes';
import { hostFlag } from '../global-options';
import { jobEnded } from './job-labels';

/** `err` with the follow and cancel commands when it is a refusal because of a running job; otherwise unchanged. */
export async function explainBusyHost(err: unknown, client: AgentControlClient, timeoutMs: number): Promise<unknown> {
  if (!isServiceError(err) || err.code !== status.FAILED_PRECONDITION) return err;
  let running;
  try {
    running = (await client.listJobs({ pageSize: 20 }, { timeoutMs })).jobs.find((job) => !jobEnded(job));
  } catch {
    return err; // The refusal itself is what matters; the hint is a courtesy.
  }
  // Only a refusal that names that job is about it (not, say, "the agent is not installed").
  if (!running || !err.details.includes(running.id)) return err;
  const flag = hostFlag(client.address);
  return new CliError(
    `${client.address}: ${err.details}; follow it with \`mobilityctl job ${running.id} --watch${flag}\`` +
      ` or cancel it with \`mobilityctl cancel ${running.id}${flag}\``,
    ExitCode.DaemonError,
  );
}
