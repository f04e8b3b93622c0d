/**
 * The checks on a registration's own fields (INVALID_ARGUMENT, naming the
 * field), made before anything on the host is looked at; Register's and an
 * Install's with registration alike. Whether mobilityd may read a named
 * passphrase file is a host check (register-preflight.ts).
 *
 * No message here ever quotes a passphrase: they say what is wrong with it.
 */
import * as path from 'node:path';
import type { Registration } from '../../../gen/mobility/v1/agent_control_pb';
import { quoteValue } from '../../../contract/quote-value';
import type { DaemonConfig } from '../config/daemon-config';
import { invalidArgument } from '../errors/app-error';
import { validateCsEndpoint } from './cs-endpoint';
import { SecretValue } from './secret-value';

const MAX_PASSPHRASE_LENGTH = 1024;

/** Where the passphrase comes from; a file is read (from the passphrase folders) only by the host checks. */
export type PassphrasePlan =
  | { kind: 'file'; /** the host path as the request gave it */ requested: string }
  | { kind: 'literal'; secret: SecretValue };

export interface RegistrationPlan {
  csEndpoint: string;
  passphrase: PassphrasePlan;
}

/** A registration ready to run: the passphrase in memory, whichever way it came. */
export interface ReadyRegistration {
  csEndpoint: string;
  secret: SecretValue;
}

/** `field` is where the registration sits in the request, e.g. "registration". */
export function validateRegistration(registration: Registration | undefined, field: string, config: DaemonConfig): RegistrationPlan {
  if (!registration) throw invalidArgument(`${field} is required: cs_endpoint and passphrase_file or passphrase`);
  if (!registration.csEndpoint) throw invalidArgument(`${field}.cs_endpoint is required: the configuration server's IP address`);
  const csEndpoint = validateCsEndpoint(registration.csEndpoint);
  const source = registration.passphraseSource;
  if (source.case === 'passphraseFile') return { csEndpoint, passphrase: passphraseFile(source.value, field, config) };
  if (source.case === 'passphrase') return { csEndpoint, passphrase: literalPassphrase(source.value, field) };
  throw invalidArgument(`${field} needs the passphrase: passphrase_file (a file on the host) or passphrase`);
}

/** Only the form is checked here; whether mobilityd may read the file is the host checks' (passphrase-folders.ts). */
function passphraseFile(requested: string, field: string, config: DaemonConfig): PassphrasePlan {
  const absolute = config.platform === 'windows' ? path.win32.isAbsolute(requested) : path.posix.isAbsolute(requested);
  if (!absolute || requested.includes('\0')) {
    throw invalidArgument(`${field}.passphrase_file must be the absolute path of a file on the host, got ${quoteValue(requested)}`);
  }
  return { kind: 'file', requested };
}

function literalPassphrase(text: string, field: string): PassphrasePlan {
  // A trailing newline is what `$(cat file)` and editors leave; it is not part of the passphrase.
  const trimmed = text.replace(/\r?\n$/, '');
  const problem = passphraseProblem(trimmed);
  if (problem) throw invalidArgument(`${field}.passphrase ${problem}`);
  return { kind: 'literal', secret: new SecretValue(trimmed) };
}

/** What is wrong with a passphrase (already without its trailing newline), never quoting it; undefined when nothing. */
export function passphraseProblem(text: string): string | undefined {
  if (!text) return 'is empty';
  if (text.length > MAX_PASSPHRASE_LENGTH) return `is longer than ${MAX_PASSPHRASE_LENGTH} characters`;
  if (/\p{Cc}/u.test(text)) return 'contains control characters (it must be one line)';
  // A configuration server's passphrase is visible text: an invisible character is a paste accident or a trap.
  if (/[\p{Cf}\p{Zl}\p{Zp}]/u.test(text)) {
    return 'contains invisible characters (bidi controls, zero-width spaces, a BOM or line separators); it must be the passphrase the configuration server shows';
  }
  return undefined;
}
