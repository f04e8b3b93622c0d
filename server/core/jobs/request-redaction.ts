/**
 * The request a job shows (and stores) is rebuilt field by field from the
 * request received, never cloned from it: a field added to the API later is
 * left out until someone decides it is not a secret.
 *
 * The passphrase: a job keeps only which source was used. A passphrase file
 * keeps its path (a path is not the secret). A literal passphrase becomes the
 * `passphrase` case of the oneof with the value "" — the case says "the
 * passphrase was sent in the request", the empty value cannot leak anything,
 * and it survives the toJson/fromJson round trip of the job store exactly
 * (a oneof member is written even when empty).
 */
import { create } from '@bufbuild/protobuf';
import {
  InstallRequestSchema,
  RegisterRequestSchema,
  RegistrationSchema,
  type InstallRequest,
  type RegisterRequest,
  type Registration,
} from '../../../gen/mobility/v1/agent_control_pb';

export function redactRegistration(registration: Registration): Registration {
  const source = registration.passphraseSource;
  return create(RegistrationSchema, {
    csEndpoint: registration.csEndpoint,
    passphraseSource:
      source.case === 'passphraseFile'
        ? { case: 'passphraseFile', value: source.value }
        : source.case === 'passphrase'
          ? { case: 'passphrase', value: '' }
          : { case: undefined },
  });
}

/** What the install job actually does: the location and package it resolved to, with the OS default and newest package filled in. */
export interface InstallEffective {
  installLocation: string;
  packageName: string;
}

export function redactInstallRequest(request: InstallRequest, effective: InstallEffective): InstallRequest {
  return create(InstallRequestSchema, {
    role: request.role,
    platform: request.platform,
    installLocation: effective.installLocation,
    packageName: effective.packageName,
    registration: request.registration ? redactRegistration(request.registration) : undefined,
    requestId: request.requestId,
  });
}

export function redactRegisterRequest(request: RegisterRequest): RegisterRequest {
  return create(RegisterRequestSchema, {
    registration: request.registration ? redactRegistration(request.registration) : undefined,
    requestId: request.requestId,
  });
}
