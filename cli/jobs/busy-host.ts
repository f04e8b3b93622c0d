/**
 * mobilityd runs one agent operation at a time and refuses another with
 * FAILED_PRECONDITION naming the job that runs. The daemon's message is the
 * same for every client; the CLI adds its own commands that follow or cancel
 * that job, found in the host's job list (newest first).
 */
import type { AgentControlClient } from '../../client/agent-control-client';
import { ClientError } from '../../client/errors/client-error';
import { jobEnded } from '../../client/jobs/job-state';
import { CliError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import { hostFlag } from '../global-options';

/** `err` with the follow and cancel commands when it is a refusal because of a running job; otherwise unchanged. */
export async function explainBusyHost(err: unknown, client: AgentControlClient, timeoutMs: number): Promise<unknown> {
  if (!(err instanceof ClientError) || err.code !== 'failed_precondition') return err;
  let running;
  try {
    running = (await client.listJobs({ pageSize: 20 }, { timeoutMs })).jobs.find((job) => !jobEnded(job));
  } catch {
    return err; // The refusal itself is what matters; the hint is a courtesy.
  }
  // Only a refusal that names that job is about it (not, say, "the agent is not installed").
  if (!running || !err.rawMessage.includes(running.id)) return err;
  const flag = hostFlag(client.address);
  return new CliError(
    `${client.address}: ${err.rawMessage}; follow it with \`mobilityctl job ${running.id} --watch${flag}\`` +
      ` or cancel it with \`mobilityctl cancel ${running.id}${flag}\``,
    ExitCode.DaemonError,
  );
}
