/**
 * What JobManager.open does before serving: sweep passphrase files a crash
 * left, load the stored jobs, end installer processes a dead daemon left
 * behind, settle its unfinished jobs from the host's files, and remove work
 * folders no running job owns (none runs yet).
 */
import { create } from '@bufbuild/protobuf';
import { AgentInfoSchema, type Job } from '../../../gen/mobility/v1/agent_control_pb';
import { sweepPassphraseFiles } from '../installer/passphrase-file';
import { readAgent } from './agent-reader';
import { isEnded } from './job-record';
import { reconcileJob } from './job-reconciler';
import type { JobHost } from './job-run';
import type { JobStore } from './job-store';
import { endGroups, groupsWorkingIn } from './orphan-processes';
import { jobWorkDir, listWorkDirs, removeWorkDir } from './work-folders';

export async function recoverJobs(store: JobStore, host: JobHost, warn: (message: string) => void): Promise<Job[]> {
  const swept = await sweepPassphraseFiles(host.config.stateDir);
  if (swept > 0) warn(`removed ${swept} passphrase file(s) left by a daemon that stopped while a configurator ran`);
  const jobs = store.loadAll(warn);
  const unfinished = jobs.filter((job) => !isEnded(job));
  for (const job of unfinished) await settle(job, store, host);
  await Promise.all(listWorkDirs(host.config).map((id) => removeWorkDir(host.config, id)));
  return jobs;
}

async function settle(job: Job, store: JobStore, host: JobHost): Promise<void> {
  const orphans = host.config.platform === 'linux' ? groupsWorkingIn(host.config.procRoot, jobWorkDir(host.config, job.id)) : [];
  await endGroups(orphans);
  const notes = orphans.length > 0 ? [`mobilityd ended the installer processes it found still running (process group ${orphans.join(', ')})`] : [];
  const agent = await readAgent(host.status).catch((err: Error) => {
    notes.push(`the agent's files could not be read: ${err.message}`);
    return create(AgentInfoSchema, { installed: false });
  });
  reconcileJob(job, agent, notes.join('; '));
  await store.save(job);
}
