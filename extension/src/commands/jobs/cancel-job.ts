/**
 * Mobility: Cancel Job — cancels the queued or running job of a host (from a
 * job row, that job): mobilityd stops the installer's whole process tree.
 */
import * as vscode from 'vscode';
import { jobKindLabel, jobOutcomePhrase } from '../../../../cli/jobs/job-labels';
import { activeJob, jobActive } from '../../model/host-state';
import type { MobilityCommand } from '../../services';
import { showHostError } from '../../ui/messages';
import { resolveHost } from '../../ui/pick-host';
import { settings } from '../../ui/settings';

export const cancelJobCommand: MobilityCommand = {
  id: 'mobility.cancelJob',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Cancel Job');
    if (!host) return;
    let jobId = typeof arg === 'object' && arg !== null && (arg as { type?: string }).type === 'job' ? (arg as { jobId: string }).jobId : undefined;
    if (!jobId) {
      await s.scheduler.refresh([host.name], true);
      const snapshot = s.store.snapshot(host.name);
      const jobs = snapshot.kind === 'ok' ? snapshot.jobs.filter(jobActive) : [];
      if (jobs.length === 0) {
        const why = snapshot.kind === 'ok' ? 'no job is queued or running' : 'it did not answer';
        void vscode.window.showInformationMessage(`${host.name}: nothing to cancel: ${why}.`);
        return;
      }
      if (jobs.length === 1) jobId = activeJob(jobs)!.id;
      else {
        const picked = await vscode.window.showQuickPick(
          jobs.map((j) => ({ label: `${jobKindLabel(j.kind)} ${j.id}`, description: j.message, id: j.id })),
          { title: `Cancel Job on ${host.name}`, placeHolder: 'Which job?' },
        );
        if (!picked) return;
        jobId = picked.id;
      }
    }
    try {
      const response = await s.pool.get(host.address).cancelJob(jobId, { timeoutMs: settings.timeoutMs() });
      const job = response.job;
      if (job) {
        s.store.applyJob(host.name, job);
        s.log.info(`${host.name}: cancel ${jobId}: ${job.state}`);
        void vscode.window.showInformationMessage(`${host.name}: ${jobKindLabel(job.kind)} job ${job.id} ${jobOutcomePhrase(job.state)}.`);
      }
    } catch (err) {
      showHostError(s, host, err);
    }
    void s.scheduler.refresh([host.name], true);
  },
};
