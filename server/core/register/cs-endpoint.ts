/**
 * The configuration server of a registration: the address the configurator
 * is given, one argv entry of a Microsoft script, so risky values are refused.
 */
import { isIP } from 'node:net';
import { quoteValue } from '../../../contract/quote-value';
import { invalidArgument } from '../errors/app-error';
import { nonUnicastReason } from './unicast-address';

/**
 * The configuration server as the configurator wants it: a bare IPv4 or IPv6
 * unicast address (unicast-address.ts says why others are refused).
 * Surrounding spaces, tabs and newlines (what a paste leaves) are dropped;
 * anything else is refused with the reason. Not String.trim: it also drops a
 * BOM and line separators, which a person cannot see were there.
 */
export function validateCsEndpoint(text: string): string {
  const value = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const problem = endpointProblem(value);
  if (problem) throw invalidArgument(`cs_endpoint ${quoteValue(value)} is refused: ${problem}`);
  return value;
}

function endpointProblem(value: string): string | undefined {
  if (!value) return "it is empty; give the configuration server's IP address (IPv4 or IPv6)";
  if (/[[\]]/.test(value)) return 'give an IPv6 address without brackets, e.g. fd00::10';
  if (value.includes('/')) return 'a network prefix (CIDR) is not an address; give the one IP address of the server';
  if (value.includes('%')) return 'an IPv6 zone index (%...) is not accepted; give a global or unique-local address';
  const kind = isIP(value);
  if (kind !== 0) {
    const notUnicast = nonUnicastReason(value);
    return notUnicast && `${notUnicast}; give the configuration server's own (unicast) IP address`;
  }
  const hostAndPort = /^([^:]+):\d+$/.exec(value);
  if (hostAndPort && isIP(hostAndPort[1]) === 4) {
    return 'a port is not accepted; give only the IP address (the configurator picks the port)';
  }
  if (/[a-z]/i.test(value) && /^[a-z0-9.-]+$/i.test(value)) {
    return "host names are not accepted; give the configuration server's IP address (IPv4 or IPv6)";
  }
  return 'it is not a valid IPv4 or IPv6 address';
}
