/**
 * The words of the certificate dialogs: the trust-on-first-use prompt (the
 * whole fingerprint, who the certificate names, its dates, how to check it)
 * and the changed-certificate refusal, worded after SSH's "REMOTE HOST
 * IDENTIFICATION HAS CHANGED" so that it cannot be mistaken for routine.
 */
import type { ServerCertificate } from '../../../client/connection/connection-security';
import type { Pin } from './host-connection';

export interface DialogText {
  /** The dialog's title line. */
  message: string;
  /** The body. */
  detail: string;
}

export const TRUST_BUTTON = 'Trust';
export const SKIP_OTHERS_BUTTON = 'Ask No More This Session';
export const FORGET_COMMAND_TITLE = 'Mobility: Forget Trusted Certificate';

const CHECK_HOW =
  'Compare it with the fingerprint `mobilityd tls init` printed on the host ' +
  '(or: openssl x509 -in CERTIFICATE -noout -fingerprint -sha256).';

function day(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'unknown' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "valid 2025-01-01T00:00:00Z to 2025-03-01T00:00:00Z", with EXPIRED / NOT YET VALID when it is. */
export function validityText(certificate: ServerCertificate, now: Date): string {
  const range = `${day(certificate.validFrom)} to ${day(certificate.validTo)}`;
  if (certificate.validTo.getTime() < now.getTime()) return `${range} — EXPIRED`;
  if (certificate.validFrom.getTime() > now.getTime()) return `${range} — NOT YET VALID (is this machine's clock right?)`;
  return range;
}

export function trustPrompt(hostName: string, address: string, certificate: ServerCertificate, now: Date, othersWaiting = 0): DialogText {
  const signer = certificate.selfSigned ? 'a self-signed certificate' : `a certificate signed by "${certificate.issuer}", which no trusted CA vouches for`;
  const lines = [
    `mobilityd at ${address} presents ${signer}.`,
    '',
    `Fingerprint: ${certificate.fingerprint}`,
    `Subject: ${certificate.subject}`,
    `Issuer: ${certificate.issuer}${certificate.selfSigned ? ' (self-signed)' : ''}`,
    `Names: ${certificate.subjectAltNames.length ? certificate.subjectAltNames.join(', ') : 'none'}`,
    `Valid: ${validityText(certificate, now)}`,
    '',
    CHECK_HOW,
    `Trusted, it is remembered for ${address}, and any other certificate there is refused until you use ${FORGET_COMMAND_TITLE}.`,
  ];
  if (othersWaiting > 0) lines.push('', `${othersWaiting} more host${othersWaiting === 1 ? '' : 's'} with a certificate not trusted yet will be shown after this one.`);
  return { message: `Trust the certificate of ${hostName}?`, detail: lines.join('\n') };
}

export function changedWarning(hostName: string, address: string, presented: string | undefined, pin: Pin): DialogText {
  const since = pin.trusted ? ` (trusted ${day(new Date(pin.trusted.trustedAt))}${pin.trusted.subject ? `, subject ${pin.trusted.subject}` : ''})` : ' (tls.fingerprint in mobility.hosts)';
  const fix =
    pin.source === 'trusted'
      ? `If you expect this change (the certificate was renewed, e.g. with mobilityd tls init), run ${FORGET_COMMAND_TITLE} on ${hostName}, then trust the new certificate once you have compared its fingerprint with the one printed on the host.`
      : `If you expect this change (the certificate was renewed), put the new fingerprint in "tls.fingerprint" of ${hostName} in mobility.hosts once you have compared it with the one printed on the host.`;
  return {
    message: `WARNING: THE CERTIFICATE OF HOST ${hostName} HAS CHANGED!`,
    detail: [
      'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
      `Someone could be intercepting your connection to mobilityd at ${address} right now (a man-in-the-middle attack), or its certificate was replaced.`,
      '',
      `Presented: ${presented ?? 'unknown (it could not be read)'}`,
      `Trusted:   ${pin.fingerprint}${since}`,
      '',
      `Mobility refuses to talk to ${hostName}: nothing is sent to it, no token, no command.`,
      fix,
    ].join('\n'),
  };
}
