/**
 * Mobility: Install on Several Hosts… — the same role, platform and location on
 * each picked host (the newest package for each host's OS), at most
 * mobility.maxConcurrentQueries at once, one result per host in a document.
 * Cancel cancels every job already started and starts no more.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { mapWithLimit } from '../../../../client/fleet/worker-pool';
import { cancelJob } from '../../../../client/jobs/cancel-job';
import { jobEnded, jobSucceeded } from '../../../../client/jobs/job-state';
import { JobState, type Job } from '../../../../gen/mobility/v1/agent_control_pb';
import { fleetMarkdown, fleetSummary, type HostResult } from '../../model/fleet';
import { hostProblem } from '../../model/host-errors';
import type { HostEntry } from '../../model/host-settings';
import { jobOutcomeDetail } from '../../model/job-report';
import { watchJobToEnd } from '../../model/job-watch';
import type { MobilityCommand } from '../../services';
import { showMessage } from '../../ui/messages';
import { pickHosts } from '../../ui/pick-host';
import { settings } from '../../ui/settings';
import { askInstallOptions } from './install-prompts';

const TITLE = 'Install on Several Hosts';

export const installManyCommand: MobilityCommand = {
  id: 'mobility.installMany',
  async run(s) {
    const hosts = await pickHosts(s, TITLE);
    if (!hosts) return;
    const options = await askInstallOptions(`Install Mobility Service on ${hosts.length} host${hosts.length === 1 ? '' : 's'}`, 3);
    if (!options) return;
    const timeoutMs = settings.timeoutMs();
    const started = new Map<string, { host: HostEntry; job: Job }>();
    let cancelled = false;

    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Install Mobility Service on ${hosts.length} hosts`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const cancel = (host: HostEntry, job: Job) =>
          Promise.resolve()
            .then(() => cancelJob(s.pool.get(host.name), job.id, { timeoutMs }))
            .then((r) => s.store.applyJob(host.name, r.job))
            .catch((err) => s.log.error(`${host.name}: cannot cancel job ${job.id}: ${hostProblem(err).message}`));
        const subscription = token.onCancellationRequested(() => {
          cancelled = true;
          controller.abort();
          progress.report({ message: 'cancelling the jobs already started…' });
          for (const { host, job } of started.values()) void cancel(host, job);
        });
        let done = 0;
        try {
          return await mapWithLimit<HostEntry, HostResult>(
            hosts,
            settings.maxConcurrentQueries(),
            async (host) => {
              const result = await installOn(host);
              done += 1;
              progress.report({ message: `${done} of ${hosts.length} done — ${host.name}: ${result.result}`, increment: 100 / hosts.length });
              return result;
            },
            (host) => ({ host: host.name, result: 'cancelled', detail: 'not started: cancelled' }),
            controller.signal,
          );
        } finally {
          subscription.dispose();
        }

        async function installOn(host: HostEntry): Promise<HostResult> {
          try {
            const client = s.pool.get(host.name);
            let job = await client.install({ ...options, requestId: randomUUID() }, { timeoutMs });
            started.set(host.name, { host, job });
            s.store.applyJob(host.name, job);
            if (cancelled) void cancel(host, job);
            const watched = await watchJobToEnd(job.id, {
              client: s.pool.reconnecting(host.name),
              onJob: (j) => {
                job = j;
                s.store.applyJob(host.name, j);
              },
              signal: new AbortController().signal,
            });
            job = watched.job ?? job;
            if (!jobEnded(job)) return { host: host.name, result: 'failed', detail: `lost track of job ${job.id}; it keeps running on the host` };
            const result = jobSucceeded(job) ? 'ok' : job.state === JobState.CANCELLED ? 'cancelled' : 'failed';
            return { host: host.name, result, detail: jobOutcomeDetail(job) };
          } catch (err) {
            const problem = hostProblem(err);
            return { host: host.name, result: problem.kind === 'unreachable' ? 'unreachable' : 'failed', detail: problem.message };
          }
        }
      },
    );

    void s.scheduler.refresh(hosts.map((h) => h.name), true);
    const summary = fleetSummary(results);
    s.log.info(`${TITLE}: ${summary}`);
    const stamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
    await s.documents.show(`/Install results ${stamp}.md`, () => fleetMarkdown(`Install Mobility Service on ${hosts.length} hosts`, results));
    const severity = results.every((r) => r.result === 'ok') ? 'info' : results.some((r) => r.result === 'ok') ? 'warning' : 'error';
    void showMessage(severity, `Install on ${hosts.length} hosts: ${summary}`);
  },
};
