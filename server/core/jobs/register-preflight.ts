/**
 * Everything Register decides before a job exists: the registration's fields,
 * then the host — an installed agent (its location says where the configurator
 * is) and, when named, the passphrase file.
 */
import type { RegisterRequest } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import { failedPrecondition } from '../errors/app-error';
import type { StatusContext } from '../status/host-status';
import { readAgent } from './agent-reader';
import { asHostPath } from '../config/host-paths';
import { readyRegistration } from './host-preconditions';
import { validateRegistration, type ReadyRegistration, type RegistrationPlan } from './request-validation';

export interface RegisterPlan {
  registration: ReadyRegistration;
  /** Host path the agent is installed in. */
  location: string;
}

export function validateRegisterFields(request: RegisterRequest, config: DaemonConfig): RegistrationPlan {
  return validateRegistration(request.registration, 'registration', config);
}

export async function planRegister(registration: RegistrationPlan, status: StatusContext): Promise<RegisterPlan> {
  const agent = await readAgent(status);
  if (!agent.installed) {
    throw failedPrecondition('the Mobility service agent is not installed on this host; install it first (an install can register in the same job)');
  }
  if (!agent.installLocation) {
    throw failedPrecondition(`the agent's files (${agent.source}) do not say where it is installed, so its configurator cannot be found; reinstall the agent`);
  }
  const ready = await readyRegistration(registration, status.config);
  return { registration: ready, location: asHostPath(status.config, agent.installLocation) };
}
