/**
 * The request a job shows (and stores) is rebuilt field by field from the
 * request received, never cloned from it: a field added to the API later is
 * left out until someone decides it is not a secret (Install's:
 * install/install-request-redaction.ts).
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
  RegisterRequestSchema,
  RegistrationSchema,
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

export function redactRegisterRequest(request: RegisterRequest): RegisterRequest {
  return create(RegisterRequestSchema, {
    registration: request.registration ? redactRegistration(request.registration) : undefined,
    requestId: request.requestId,
  });
}
