/**
 * Host checks shared by Install and Register, each FAILED_PRECONDITION with a
 * message that says what to do: the OS must be one the agent supports, and a
 * passphrase file named in the request must be one mobilityd may read.
 */
import { SupportStatus, type OsInfo } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import { failedPrecondition } from '../errors/app-error';
import { readPassphraseFile } from './passphrase-folders';
import type { ReadyRegistration, RegistrationPlan } from './request-validation';

export function requireSupportedOs(os: OsInfo): void {
  const name = os.prettyName || `${os.name} ${os.version}`.trim() || 'this operating system';
  if (!os.is64Bit) {
    throw failedPrecondition(`the Mobility service supports only 64-bit operating systems; ${name} is ${os.architecture || 'not 64-bit'}`);
  }
  if (os.support === SupportStatus.UNSUPPORTED || !os.installerOsTag) {
    // The support table's reason names the OS and what is supported instead.
    throw failedPrecondition(os.supportReason || `the Mobility service does not support ${name}`);
  }
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
