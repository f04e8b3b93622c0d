/**
 * Cancelling a job as kubectl treats idempotent operations: a job that has
 * already ended has nothing left to cancel, which is not an error (the caller
 * says how the job ended); an unknown job id is one.
 *
 * mobilityd answers FAILED_PRECONDITION for an ended job, the right gRPC status
 * for "not in a state that can be cancelled", and other clients rely on it
 * (REST answers 409). This reads the job then, to tell how it ended.
 */
import type { Job } from '../../gen/mobility/v1/agent_control_pb';
import type { AgentControlClient } from '../agent-control-client';
import type { CallOptions } from '../calls/call-options';
import { ClientError } from '../errors/client-error';
import { jobEnded } from './job-state';

export interface CancelResult {
  job: Job;
  /** The job had ended before the request: nothing was cancelled. */
  alreadyEnded: boolean;
}

export async function cancelJob(client: AgentControlClient, id: string, options?: CallOptions): Promise<CancelResult> {
  try {
    return { job: await client.cancelJob(id, options), alreadyEnded: false };
  } catch (err) {
    if (!(err instanceof ClientError) || err.code !== 'failed_precondition') throw err;
    const job = await client.getJob(id, options);
    // A refusal for another reason than the job's end is reported as the daemon said it.
    if (!jobEnded(job)) throw err;
    return { job, alreadyEnded: true };
  }
}
