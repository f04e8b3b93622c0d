/**
 * Cancelling a job as kubectl treats idempotent operations: a job that has
 * already ended has nothing left to cancel, which is not an error (the CLI
 * exits 0 and says how the job ended); an unknown job id is one.
 *
 * mobilityd answers FAILED_PRECONDITION for an ended job, the right gRPC status
 * for "not in a state that can be cancelled", and other clients rely on it
 * (REST answers 409). The CLI then reads the job to tell how it ended.
 */
import { status } from '@grpc/grpc-js';
import type { AgentControlClient } from '../../client/agent-control-client';
import type { Job } from '../../gen/mobility/v1/agent_control_pb';
import { CliError } from '../errors/cli-error';
import { isServiceError } from '../errors/describe-grpc-error';
import { ExitCode } from '../errors/exit-codes';
import { jobEnded } from './job-labels';
import { explainUnknownJob } from './unknown-job';

export interface CancelResult {
  job: Job;
  /** The job had ended before the request: nothing was cancelled. */
  alreadyEnded: boolean;
}

export async function cancelJob(client: AgentControlClient, id: string, timeoutMs: number): Promise<CancelResult> {
  try {
    return { job: requireJob((await client.cancelJob(id, { timeoutMs })).job, client), alreadyEnded: false };
  } catch (err) {
    if (!isServiceError(err) || err.code !== status.FAILED_PRECONDITION) throw explainUnknownJob(err, client.address);
    const job = await readJob(client, id, timeoutMs);
    // A refusal for another reason than the job's end is reported as the daemon said it.
    if (!jobEnded(job)) throw err;
    return { job, alreadyEnded: true };
  }
}

async function readJob(client: AgentControlClient, id: string, timeoutMs: number): Promise<Job> {
  try {
    return requireJob((await client.getJob(id, { timeoutMs })).job, client);
  } catch (err) {
    throw explainUnknownJob(err, client.address);
  }
}

function requireJob(job: Job | undefined, client: AgentControlClient): Job {
  if (!job) throw new CliError(`mobilityd at ${client.address} answered without the job`, ExitCode.DaemonError);
  return job;
}
