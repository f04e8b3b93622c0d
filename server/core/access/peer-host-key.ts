/**
 * The key failed authentications are counted under: the peer's host, never its
 * port (each connection has a new one). An IPv6 caller is counted by its /64,
 * the block one host or one subscriber gets: counting single addresses would
 * give an attacker 2^64 fresh ones. An IPv4-mapped IPv6 address is its IPv4
 * address.
 */
import * as net from 'node:net';

export function peerHostKey(peerHost: string): string {
  const host = withoutPort(peerHost.trim()).replace(/%.*$/, ''); // a zone id (fe80::1%eth0) is the same host
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  if (mapped) return mapped[1];
  if (!net.isIPv6(host)) return host.toLowerCase();
  return `${expandIpv6(host).slice(0, 4).join(':')}::/64`;
}

/** "[::1]:5000" → "::1", "10.0.0.1:5000" → "10.0.0.1": a caller that passed an address with its port by mistake. */
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address);
  return v4 ? v4[1] : address;
}

/** The eight hextets of an IPv6 address, lower case without leading zeros. */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((part) => parseInt(part, 16).toString(16));
}
