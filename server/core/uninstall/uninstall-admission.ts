/**
 * What Uninstall decides when its turn comes (one admission at a time,
 * job-manager.ts): that no other agent operation runs, then the host — an
 * agent must be installed (as GetStatus shows it), its location says where
 * uninstall.sh is, and no installer run may hold its lock
 * (install/installer-lock.ts). The job has one step, UNINSTALL_AGENT.
 */
import { create } from '@bufbuild/protobuf';
import { StepKind, UninstallRequestSchema, type UninstallRequest } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import { asHostPath } from '../config/host-paths';
import { failedPrecondition } from '../errors/app-error';
import { requireNoInstallerRun } from '../install/installer-lock';
import { readAgent } from '../agent/agent-reader';
import type { AdmittedJob } from '../jobs/admitted-job';
import type { StatusContext } from '../status/host-status';
import { DEFAULT_LINUX_LOCATION } from './uninstall-commands';
import { runUninstallJob, type UninstallPlan } from './uninstall-job';

export interface UninstallDeps {
  config: DaemonConfig;
  status: StatusContext;
}

export async function admitUninstall(request: UninstallRequest, deps: UninstallDeps, requireIdle: () => void): Promise<AdmittedJob> {
  requireIdle();
  const plan = await planUninstall(deps);
  return {
    request: { case: 'uninstall', value: create(UninstallRequestSchema, { requestId: request.requestId }) },
    steps: [StepKind.UNINSTALL_AGENT],
    work: (run) => runUninstallJob(run, plan),
  };
}

async function planUninstall({ config, status }: UninstallDeps): Promise<UninstallPlan> {
  const agent = await readAgent(status);
  if (!agent.installed) {
    const where = config.platform === 'windows' ? 'its MSI uninstall key and product key' : '/usr/local/.vx_version';
    throw failedPrecondition(
      `the Mobility service agent is not installed on this host (GetStatus shows agent.installed false: no ${where}); there is nothing to uninstall`,
    );
  }
  const location = config.platform === 'windows' ? agent.installLocation : asHostPath(config, agent.installLocation || DEFAULT_LINUX_LOCATION);
  // An installer run in progress owns the agent's files: uninstalling under it would leave both half done.
  // A stale lock is no reason to refuse; uninstalling removes the location, the lock with it.
  await requireNoInstallerRun(config, location);
  return { version: agent.version, location };
}
