/**
 * Watches a job to its end for the extension: WatchJob's updates in order,
 * and if the stream breaks (the daemon restarted, the network dropped) it
 * asks again a few times with backoff before giving up, since a job outlives
 * any one connection.
 */
import type { AgentControlClient } from '../../../client/agent-control-client';
import { ClientError } from '../../../client/errors/client-error';
import { followJob } from '../../../client/jobs/follow-job';
import { jobEnded } from '../../../client/jobs/job-state';
import type { Job } from '../../../gen/mobility/v1/agent_control_pb';

export interface WatchOptions {
  /** The client to use now; called again after a broken stream (it may dial afresh). */
  client(reconnect: boolean): AgentControlClient;
  onJob(job: Job): void;
  /** Stop watching (never cancels the job). */
  signal: AbortSignal;
  /** Attempts after a broken stream before giving up (default 5). */
  retries?: number;
  /** First wait between attempts, doubled each time (default 500 ms). */
  retryDelayMs?: number;
}

export interface WatchResult {
  job?: Job;
  /** True when watching stopped (signal) before the job ended. */
  stopped: boolean;
}

export async function watchJobToEnd(id: string, options: WatchOptions): Promise<WatchResult> {
  const retries = options.retries ?? 5;
  let delay = options.retryDelayMs ?? 500;
  let last: Job | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await followJob(options.client(attempt > 0), id, (job) => {
        last = job;
        options.onJob(job);
      }, options.signal);
      if (result.stopped) return { job: last, stopped: true };
      if (last && jobEnded(last)) return { job: last, stopped: false };
      // The daemon ended the stream before the job ended (it is shutting down): try again.
    } catch (err) {
      if (!ClientError.from(err).unreachable || attempt >= retries) throw err;
    }
    if (attempt >= retries) return { job: last, stopped: false };
    if (options.signal.aborted) return { job: last, stopped: true };
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, delay);
      function done() {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', done);
        resolve();
      }
      options.signal.addEventListener('abort', done, { once: true });
    });
    delay *= 2;
  }
}
