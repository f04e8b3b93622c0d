/**
 * Everything Register decides before a job exists: the registration's fields,
 * then the host — an installed agent (its location says where the configurator
 * is) and, when named, the passphrase file (read here for an Install with
 * registration too).
 */
import type { RegisterRequest } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import { failedPrecondition } from '../errors/app-error';
import type { StatusContext } from '../status/host-status';
import { readAgent } from '../agent/agent-reader';
import { asHostPath } from '../config/host-paths';
import { readPassphraseFile } from './passphrase-folders';
import { validateRegistration, type ReadyRegistration, type RegistrationPlan } from './registration-fields';

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

/**
 * The registration with its passphrase in memory: a passphrase file is read
 * here, from the passphrase folders only (passphrase-folders.ts), so the
 * configurator later gets mobilityd's own private copy, never a host path.
 */
export async function readyRegistration(registration: RegistrationPlan, config: DaemonConfig): Promise<ReadyRegistration> {
  const { csEndpoint, passphrase } = registration;
  if (passphrase.kind === 'literal') return { csEndpoint, secret: passphrase.secret };
  return { csEndpoint, secret: await readPassphraseFile(passphrase.requested, 'registration', config) };
}
