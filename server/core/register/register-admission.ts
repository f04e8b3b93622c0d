/**
 * What Register decides when its turn comes (one admission at a time,
 * job-manager.ts): the registration's fields, that no other agent operation
 * runs, the host (register-preflight.ts); then the job it starts: its request
 * without the passphrase, its one REGISTER step, and its work
 * (register-job.ts).
 */
import { StepKind, type RegisterRequest } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import type { AdmittedJob } from '../jobs/admitted-job';
import type { StatusContext } from '../status/host-status';
import { runRegisterJob } from './register-job';
import { planRegister, validateRegisterFields } from './register-preflight';
import { redactRegisterRequest } from './registration-redaction';

export interface RegisterDeps {
  config: DaemonConfig;
  status: StatusContext;
}

/** `requireIdle` throws while another job runs: checked after the fields, before the host is read. */
export async function admitRegister(request: RegisterRequest, deps: RegisterDeps, requireIdle: () => void): Promise<AdmittedJob> {
  const registration = validateRegisterFields(request, deps.config);
  requireIdle();
  const plan = await planRegister(registration, deps.status);
  return {
    request: { case: 'register', value: redactRegisterRequest(request) },
    steps: [StepKind.REGISTER],
    work: (run) => runRegisterJob(run, plan),
  };
}
