/**
 * Host checks shared by Install and Register, each FAILED_PRECONDITION with a
 * message that says what to do: the OS must be one the agent supports, and a
 * passphrase file named in the request must exist on the host.
 */
import * as fs from 'node:fs';
import { SupportStatus, type OsInfo } from '../../../gen/mobility/v1/agent_control_pb';
import { failedPrecondition } from '../errors/app-error';
import type { PassphrasePlan } from './request-validation';

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

/** A passphrase file must be there before anything runs; its content is never read by mobilityd. */
export function requirePassphraseFile(passphrase: PassphrasePlan): void {
  if (passphrase.kind !== 'file') return;
  let isFile = false;
  try {
    isFile = fs.statSync(passphrase.file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    throw failedPrecondition(
      `the passphrase file ${passphrase.requested} does not exist on the host (looked for ${passphrase.file}); ` +
        'put the passphrase the configuration server generated there, or send the passphrase itself',
    );
  }
}
