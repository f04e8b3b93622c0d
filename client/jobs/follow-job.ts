/**
 * Follows a job with WatchJob until it ends, the caller stops (Ctrl-C, stdout
 * gone, a --hosts run interrupted, a closed progress notification), or the
 * daemon ends the stream early. Every message carries the whole job; onJob
 * sees each one in order. No deadline: an install may run for many minutes,
 * so callers check the daemon is reachable first.
 */
import type { Job } from '../../gen/mobility/v1/agent_control_pb';
import type { AgentControlClient } from '../agent-control-client';
import { ClientError } from '../errors/client-error';
import { jobEnded } from './job-state';

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
    // Our own cancel() surfaces as 'cancelled': that is how a stop ends the stream.
    if (!(result.stopped && ClientError.from(err).reason === 'cancelled')) throw err;
  } finally {
    stop.removeEventListener('abort', onStop);
    stream.cancel(); // no-op after a normal end; frees the call after an error or a break
  }
  if (result.job && jobEnded(result.job)) result.stopped = false;
  return result;
}
