/**
 * What Install decides when its turn comes (one admission at a time,
 * job-manager.ts): the request's fields, that no other agent operation runs,
 * the host (install-preflight.ts); then the job it starts: its request
 * without secrets, its steps, and its work (install-job.ts).
 */
import { StepKind, type InstallRequest } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import type { AdmittedJob } from '../jobs/admitted-job';
import type { PackageRepository } from '../packages/package-repository';
import type { StatusContext } from '../status/host-status';
import { runInstallJob } from './install-job';
import { planInstall, validateInstallFields } from './install-preflight';
import { redactInstallRequest } from './install-request-redaction';

export interface InstallDeps {
  config: DaemonConfig;
  status: StatusContext;
  packages: PackageRepository;
}

/** `requireIdle` throws while another job runs: checked after the fields, before the host is read. */
export async function admitInstall(request: InstallRequest, deps: InstallDeps, requireIdle: () => void): Promise<AdmittedJob> {
  const fields = validateInstallFields(request, deps.config);
  requireIdle();
  const plan = await planInstall(fields, deps);
  const effective = { installLocation: plan.location, packageName: plan.package.package.name };
  return {
    request: { case: 'install', value: redactInstallRequest(request, effective) },
    steps: installSteps(plan.registration !== undefined),
    work: (run) => runInstallJob(run, plan),
  };
}

/** The steps of an install job: the push workflow's, plus REGISTER only when a registration was asked for. */
export function installSteps(withRegistration: boolean): StepKind[] {
  const steps = [StepKind.COPY_PACKAGE, StepKind.PREREQUISITE_CHECK, StepKind.INSTALL_AGENT, StepKind.INSTALL_VSS_PROVIDER];
  return withRegistration ? [...steps, StepKind.REGISTER] : steps;
}
