/** The names and addresses `mobilityd tls init` puts in a certificate, checked so that clients can match them. */
import { isIP } from 'node:net';
import { quoteValue } from '../../../contract/quote-value';

/** Exit code 2: the command line itself is wrong. */
export class TlsUsageError extends Error {}

/** An RFC 1123 label: letters, digits, hyphens inside, 1 to 63 characters. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NAME = 253;

/** The host name in lower case (DNS names are case-insensitive; certificates carry them so). */
export function checkHostName(name: string): string {
  const quoted = quoteValue(name);
  if (name.includes('*')) {
    throw new TlsUsageError(`--host ${quoted}: wildcard names are refused, a certificate for one host needs only its own names; give each with --host`);
  }
  if (isIP(name.replace(/^\[(.*)\]$/, '$1'))) throw new TlsUsageError(`--host ${quoted} is an address: give it with --ip`);
  if (name.endsWith('.')) throw new TlsUsageError(`--host ${quoted}: write it without the final dot`);
  const lower = name.toLowerCase();
  if (lower.length === 0 || lower.length > MAX_NAME || !lower.split('.').every((label) => LABEL.test(label))) {
    throw new TlsUsageError(
      `--host ${quoted} is not a host name: dot-separated labels of letters, digits and hyphens (not first or last), ` +
        `1 to 63 characters each, at most ${MAX_NAME} in all, e.g. web-01.example.com`,
    );
  }
  return lower;
}

export function checkIpAddress(address: string): string {
  const quoted = quoteValue(address);
  if (/^\[.*\]$/.test(address)) throw new TlsUsageError(`--ip ${quoted}: write the address without brackets, e.g. --ip ::1`);
  if (address.includes('%')) throw new TlsUsageError(`--ip ${quoted}: a zone (%...) cannot be in a certificate; give the address alone`);
  if (isIP(address) === 0) throw new TlsUsageError(`--ip ${quoted} is not an IPv4 or IPv6 address, e.g. 10.0.0.4 or fd00::4`);
  return address;
}

export function checkDays(value: string, max: number): number {
  const days = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(days >= 1 && days <= max)) throw new TlsUsageError(`--days ${quoteValue(value)}: give a whole number of days from 1 to ${max}`);
  return days;
}
