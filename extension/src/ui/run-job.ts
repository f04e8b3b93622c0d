/**
 * A job on one host under a cancellable progress notification: each step as
 * WatchJob reports it ("Prerequisite check: running"), Cancel really cancels
 * the job (CancelJob), and the outcome with its exit code's meaning at the end.
 */
import * as vscode from 'vscode';
import type { AgentControlClient } from '../../../client/agent-control-client';
import { cancelJob } from '../../../client/jobs/cancel-job';
import { jobEnded } from '../../../client/jobs/job-state';
import type { Job } from '../../../gen/mobility/v1/agent_control_pb';
import type { HostEntry } from '../model/host-settings';
import { jobOutcome, StepProgress } from '../model/job-report';
import { watchJobToEnd } from '../model/job-watch';
import type { Services } from '../services';
import { showHostError, showMessage } from './messages';
import { settings } from './settings';

/**
 * Starts a job with `start` and follows it to its end under a progress
 * notification titled "<host>: <title>". Returns the final job (undefined if
 * it could not start or watching failed; the error has been shown).
 */
export async function runJobWithProgress(
  s: Services,
  host: HostEntry,
  title: string,
  start: (client: AgentControlClient, timeoutMs: number) => Promise<Job>,
): Promise<Job | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${host.name}: ${title}`, cancellable: true },
    async (progress, token) => {
      const timeoutMs = settings.timeoutMs();
      let job: Job;
      progress.report({ message: 'starting…' });
      try {
        job = await start(s.pool.get(host.name), timeoutMs);
      } catch (err) {
        showHostError(s, host, err);
        return undefined;
      }
      s.log.info(`${host.name}: ${title}: job ${job.id} started`);
      s.store.applyJob(host.name, job);
      const final = await followWithProgress(s, host, job, progress, token);
      void s.scheduler.refresh([host.name], true);
      return final;
    },
  );
}

/** Follows a started job: progress per step, Cancel → CancelJob, the outcome as a message. */
export async function followWithProgress(
  s: Services,
  host: HostEntry,
  job: Job,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<Job | undefined> {
  const steps = new StepProgress();
  const stepCount = () => Math.max(1, job.steps.length);
  const report = (j: Job) => {
    for (const change of steps.changes(j)) {
      progress.report({ message: change.message, increment: change.ended ? 100 / stepCount() : undefined });
    }
  };
  report(job);
  const stop = new AbortController();
  let cancelling = false;
  const cancel = async () => {
    if (cancelling) return;
    cancelling = true;
    progress.report({ message: 'cancelling…' });
    try {
      // A job that ended meanwhile is no error: the watch reports how it ended.
      const { job: cancelled } = await cancelJob(s.pool.get(host.name), job.id, { timeoutMs: settings.timeoutMs() });
      s.store.applyJob(host.name, cancelled);
    } catch (err) {
      showHostError(s, host, err);
    }
  };
  const subscription = token.onCancellationRequested(() => void cancel());
  if (token.isCancellationRequested) void cancel();
  try {
    const result = await watchJobToEnd(job.id, {
      client: s.pool.reconnecting(host.name),
      onJob: (j) => {
        job = j;
        s.store.applyJob(host.name, j);
        report(j);
      },
      signal: stop.signal,
    });
    const final = result.job ?? job;
    if (!jobEnded(final)) {
      void vscode.window.showWarningMessage(
        `${host.name}: lost track of ${final.id} before it ended; it keeps running on the host — see the host's Jobs in the Mobility view.`,
      );
      return final;
    }
    const outcome = jobOutcome(host.name, final);
    s.log[outcome.severity === 'warning' ? 'warn' : outcome.severity](outcome.text);
    void showMessage(outcome.severity, outcome.text);
    return final;
  } catch (err) {
    showHostError(s, host, err);
    return undefined;
  } finally {
    subscription.dispose();
    stop.abort();
  }
}
