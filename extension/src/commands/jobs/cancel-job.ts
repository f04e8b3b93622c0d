/**
 * Mobility: Cancel Job — cancels the queued or running job of a host (from a
 * job row, that job): mobilityd stops the installer's whole process tree. A
 * job that had already ended has nothing to cancel: that is said, with how it
 * ended, as information (as mobilityctl cancel exits 0), not as an error.
 */
import * as vscode from 'vscode';
import { jobKindLabel, jobOutcomePhrase } from '../../../../client/format/job-labels';
import { cancelJob } from '../../../../client/jobs/cancel-job';
import { activeJob, jobActive } from '../../../../client/jobs/job-state';
import type { Job } from '../../../../gen/mobility/v1/agent_control_pb';
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
      const { job, alreadyEnded } = await cancelJob(s.pool.get(host.name), jobId, { timeoutMs: settings.timeoutMs() });
      s.store.applyJob(host.name, job);
      s.log.info(`${host.name}: cancel ${jobId}: ${alreadyEnded ? 'had already ended, ' : ''}${job.state}`);
      void vscode.window.showInformationMessage(cancelMessage(host.name, job, alreadyEnded));
    } catch (err) {
      showHostError(s, host, err);
    }
    void s.scheduler.refresh([host.name], true);
  },
};

function cancelMessage(hostName: string, job: Job, alreadyEnded: boolean): string {
  const what = `${jobKindLabel(job.kind)} job ${job.id}`;
  if (alreadyEnded) return `${hostName}: ${what} had already ended: it ${jobOutcomePhrase(job.state)}; nothing to cancel.`;
  return `${hostName}: ${what} ${jobOutcomePhrase(job.state)}.`;
}
