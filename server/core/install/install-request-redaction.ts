/**
 * The InstallRequest an install job shows (and stores): rebuilt field by
 * field, never cloned, with the registration's passphrase removed as
 * register/registration-redaction.ts explains, and the location and package
 * the job resolved to in place of what was asked.
 */
import { create } from '@bufbuild/protobuf';
import { InstallRequestSchema, type InstallRequest } from '../../../gen/mobility/v1/agent_control_pb';
import { redactRegistration } from '../register/registration-redaction';

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
