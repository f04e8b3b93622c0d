/**
 * Follows a job with WatchJob until it ends, the caller stops (Ctrl-C, stdout
 * gone, a --hosts run interrupted), or the daemon ends the stream early.
 * Every message carries the whole job; onJob sees each one in order.
 */
import { status } from '@grpc/grpc-js';
import type { AgentControlClient } from '../../client/agent-control-client';
import type { Job } from '../../gen/mobility/v1/agent_control_pb';
import { isServiceError } from '../errors/describe-grpc-error';
import { jobEnded } from './job-labels';

export interface FollowResult {
  /** The last state seen (undefined only if the stream ended before the first message). */
  job?: Job;
  /** True when this side stopped following before the job ended. */
  stopped: boolean;
}

export async function followJob(
  client: AgentControlClient,
  id: string,
  onJob: (job: Job) => Promise<void> | void,
  stop: AbortSignal,
): Promise<FollowResult> {
  const result: FollowResult = { stopped: false };
  if (stop.aborted) return { stopped: true };
  // No deadline: an install may run for many minutes. Callers check reachability first.
  const stream = client.watchJob(id);
  const onStop = () => {
    result.stopped = true;
    stream.cancel();
  };
  stop.addEventListener('abort', onStop, { once: true });
  try {
    for await (const { job } of stream) {
      if (result.stopped) break;
      if (!job) continue;
      result.job = job;
      await onJob(job);
      if (jobEnded(job)) break;
    }
  } catch (err) {
    // Our own cancel() surfaces as CANCELLED: that is how a stop ends the stream.
    if (!(result.stopped && isServiceError(err) && err.code === status.CANCELLED)) throw err;
  } finally {
    stop.removeEventListener('abort', onStop);
    stream.cancel(); // no-op after a normal end; frees the call after an error or a break
  }
  if (result.job && jobEnded(result.job)) result.stopped = false;
  return result;
}
