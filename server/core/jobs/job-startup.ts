/**
 * What JobManager.open does before serving: sweep passphrase files a crash
 * left, load the stored jobs, end installer processes a dead daemon left
 * behind, settle its unfinished jobs from the host's files and what they
 * showed when each job started (host-before.ts), then remove those records
 * and the work folders: no job runs yet, so none of them is needed.
 */
import { create } from '@bufbuild/protobuf';
import { AgentInfoSchema, type Job } from '../../../gen/mobility/v1/agent_control_pb';
import { sweepPassphraseFiles } from '../register/passphrase-file';
import { sameFingerprint } from '../agent/agent-fingerprint';
import { readAgent, readAgentFingerprint } from '../agent/agent-reader';
import { loadHostBefore, removeAllHostBefore } from './host-before';
import { isEnded } from './job-record';
import { reconcileJob } from './job-reconciler';
import type { JobHost } from './job-run';
import type { JobStore } from './job-store';
import { endGroups, groupsWorkingIn } from '../processes/orphan-processes';
import { jobWorkDir, listWorkDirs, removeWorkDir } from '../install/work-folders';

export async function recoverJobs(store: JobStore, host: JobHost, warn: (message: string) => void): Promise<Job[]> {
  const swept = await sweepPassphraseFiles(host.config.stateDir);
  if (swept > 0) warn(`removed ${swept} passphrase file(s) left by a daemon that stopped while a configurator ran`);
  const jobs = store.loadAll(warn);
  const unfinished = jobs.filter((job) => !isEnded(job));
  for (const job of unfinished) await settle(job, store, host);
  await store.flush(); // the settled jobs are on disk before their host records go
  removeAllHostBefore(host.config);
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
  const before = loadHostBefore(host.config, job.id);
  const now = before && (await readAgentFingerprint(host.status).catch(() => undefined));
  reconcileJob(job, agent, { before, changed: !!before && !!now && !sameFingerprint(before.fingerprint, now) }, notes.join('; '));
  await store.save(job);
}
