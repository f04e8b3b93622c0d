/**
 * A configuration server is one machine, so its address must be a unicast
 * address. This says why an IP address (already known to be valid) is not
 * one: unspecified, "this network", broadcast, multicast, the reserved class E
 * block, or the IPv4-mapped IPv6 form of any of those. Node's BlockList does
 * the matching; it also matches an IPv4-mapped IPv6 address (::ffff:a.b.c.d,
 * in any spelling) against the IPv4 rules.
 */
import { BlockList, isIP } from 'node:net';

interface Rule {
  /** What the address is, e.g. "a multicast address (224.0.0.0/4)". */
  what: string;
  list: BlockList;
}

function rule(what: string, add: (list: BlockList) => void): Rule {
  const list = new BlockList();
  add(list);
  return { what, list };
}

/** Most specific first: 0.0.0.0 is also in 0.0.0.0/8, 255.255.255.255 also in 240.0.0.0/4. */
const IPV4_RULES: Rule[] = [
  rule('the unspecified address 0.0.0.0, which names no host', (l) => l.addAddress('0.0.0.0', 'ipv4')),
  rule('in 0.0.0.0/8 ("this network"), which is never a destination', (l) => l.addSubnet('0.0.0.0', 8, 'ipv4')),
  rule('the broadcast address 255.255.255.255, which reaches every host on the network', (l) => l.addAddress('255.255.255.255', 'ipv4')),
  rule('a multicast address (224.0.0.0/4), which names a group of hosts', (l) => l.addSubnet('224.0.0.0', 4, 'ipv4')),
  rule('in the reserved block 240.0.0.0/4, which is not used for hosts', (l) => l.addSubnet('240.0.0.0', 4, 'ipv4')),
];

const IPV6_RULES: Rule[] = [
  rule('the unspecified address ::, which names no host', (l) => l.addAddress('::', 'ipv6')),
  rule('a multicast address (ff00::/8), which names a group of hosts', (l) => l.addSubnet('ff00::', 8, 'ipv6')),
];

const IPV4_MAPPED = rule('IPv4-mapped', (l) => l.addSubnet('::ffff:0:0', 96, 'ipv6'));

/** Why `address` (a valid IPv4 or IPv6 address) is not unicast, e.g. "it is a multicast address (...)"; undefined when it is. */
export function nonUnicastReason(address: string): string | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (family === 'ipv4') return described(IPV4_RULES.find((r) => r.list.check(address, 'ipv4')));
  const own = IPV6_RULES.find((r) => r.list.check(address, 'ipv6'));
  if (own) return described(own);
  if (!IPV4_MAPPED.list.check(address, 'ipv6')) return undefined;
  // BlockList checks a mapped address against the IPv4 rules itself.
  const mapped = IPV4_RULES.find((r) => r.list.check(address, 'ipv6'));
  if (!mapped) return undefined;
  const ipv4 = mappedIpv4(address);
  const what = mapped.what.replace(/^the (\S+ address) \S+,/, 'the $1,').replace(/^in /, 'an address in ');
  return `it is the IPv4-mapped form of ${ipv4}, ${what}`;
}

function described(found: Rule | undefined): string | undefined {
  return found ? `it is ${found.what}` : undefined;
}

/** The IPv4 address inside ::ffff:a.b.c.d or ::ffff:XXXX:XXXX (any spelling of the zeros). */
function mappedIpv4(address: string): string {
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) return dotted[1];
  const groups = address.split(':');
  const high = parseInt(groups[groups.length - 2] || '0', 16);
  const low = parseInt(groups[groups.length - 1] || '0', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
