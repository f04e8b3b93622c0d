/**
 * The checks on the request's own fields (INVALID_ARGUMENT, naming the field),
 * made before anything on the host is looked at. Host checks (the OS, the
 * package, the agent, the passphrase file) are FAILED_PRECONDITION and live in
 * the preflight files.
 *
 * No message here ever quotes a passphrase: they say what is wrong with it.
 */
import * as path from 'node:path';
import { AgentRole, Platform, type Registration } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import { invalidArgument } from '../errors/app-error';
import { quoteValue } from '../errors/quote-value';
import { validateCsEndpoint } from '../installer/install-options';
import { SecretValue } from './secret-value';

export const MAX_REQUEST_ID_LENGTH = 128;
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

export function validateRequestId(requestId: string): void {
  // eslint-disable-next-line no-control-regex
  if (requestId.length > MAX_REQUEST_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(requestId)) {
    throw invalidArgument(`request_id must be at most ${MAX_REQUEST_ID_LENGTH} characters without control characters`);
  }
}

export function validateRole(role: AgentRole): AgentRole {
  if (role !== AgentRole.MOBILITY_SERVICE && role !== AgentRole.MASTER_TARGET) {
    throw invalidArgument('role is required: AGENT_ROLE_MOBILITY_SERVICE (MS) or AGENT_ROLE_MASTER_TARGET (MT)');
  }
  return role;
}

export function validatePlatform(platform: Platform): Platform {
  if (platform !== Platform.VMWARE && platform !== Platform.AZURE) {
    throw invalidArgument('platform is required: PLATFORM_VMWARE (VMware VMs and physical servers) or PLATFORM_AZURE (Azure VMs)');
  }
  return platform;
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
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'contains control characters (it must be one line)';
  return undefined;
}
