/**
 * A job's request for people and for JSON, with the passphrase removed. The
 * daemon already never returns it; the CLI does not rely on that alone.
 */
import { clone } from '@bufbuild/protobuf';
import { NONE } from '../../client/format/format-values';
import { platformLabel, roleLabel } from '../../client/format/status-labels';
import { JobSchema, type Job, type Registration } from '../../gen/mobility/v1/agent_control_pb';

export const REDACTED = '[redacted]';

/** A copy of the job whose inline passphrase, if the daemon sent any text, reads [redacted]. */
export function redactJob(job: Job): Job {
  const registration = registrationOf(job);
  if (registration?.passphraseSource.case !== 'passphrase' || registration.passphraseSource.value === '') return job;
  const copy = clone(JobSchema, job);
  const target = registrationOf(copy)!;
  target.passphraseSource = { case: 'passphrase', value: REDACTED };
  return copy;
}

function registrationOf(job: Job): Registration | undefined {
  if (job.request.case === 'install') return job.request.value.registration;
  if (job.request.case === 'register') return job.request.value.registration;
  return undefined;
}

export function requestRows(job: Job): [string, string][] {
  const request = job.request;
  if (request.case === 'install') {
    const r = request.value;
    const registration = r.registration;
    return [
      ['role', roleLabel(r.role)],
      ['platform', platformLabel(r.platform)],
      ['location', r.installLocation || 'the OS default'],
      ['package', r.packageName || "the newest for the host's OS"],
      ['then register', registration ? `yes, with configuration server ${registration.csEndpoint || NONE}` : 'no'],
      ...(registration ? [passphraseRow(registration)] : []),
    ];
  }
  if (request.case === 'register') {
    const registration = request.value.registration;
    return [['configuration server', registration?.csEndpoint || NONE], ...(registration ? [passphraseRow(registration)] : [])];
  }
  return [['request', NONE]];
}

function passphraseRow(registration: Registration): [string, string] {
  const source = registration.passphraseSource;
  if (source.case === 'passphraseFile') return ['passphrase', `from the host file ${source.value}`];
  if (source.case === 'passphrase') return ['passphrase', 'sent with the request (not shown; never stored)'];
  return ['passphrase', NONE];
}
