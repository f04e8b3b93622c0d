/**
 * The Host values the REST API answers, which defeats DNS rebinding: a page on
 * attacker.example whose name is made to resolve to 127.0.0.1 reaches this
 * daemon with `Host: attacker.example:PORT`, and is refused (421 Misdirected
 * Request: "not a name of this server", which is exactly the case).
 *
 * Accepted, each with the port the daemon listens on (the real one when 0 was
 * asked):
 *   - a REST listen address as bound, e.g. 127.0.0.1:50052, [::1]:50052;
 *   - for a loopback address, also localhost:PORT;
 *   - for a wildcard address (0.0.0.0, [::]), localhost, the machine's host name
 *     and the addresses of its interfaces (read when asked: they change);
 *   - a configured name (--allowed-host, allowedHosts): with a port, exactly;
 *     without one, on any port or none (as a reverse proxy sends it).
 * A request over a Unix socket listener (unix:///path) may also carry
 * `localhost`, with any port or none: a socket has no name of its own, and
 * `curl --unix-socket`, node's http with socketPath and most HTTP clients send
 * `Host: localhost`. No browser can reach a Unix socket, so DNS rebinding does
 * not apply there; over TCP a unix listener adds nothing.
 * Names compare without case; addresses in their canonical form (URL parsing:
 * [0:0:0:0:0:0:0:1] is [::1]); a Host without a port means port 80.
 */
import * as os from 'node:os';

interface Authority {
  hostname: string;
  /** '' when none was given. */
  port: string;
}

interface BoundAddress extends Authority {
  loopback: boolean;
  wildcard: boolean;
}

const LOCALHOST = 'localhost';

export class AcceptedHosts {
  private readonly bound: BoundAddress[] = [];
  private readonly extra: Authority[];
  /** Any port on a loopback name: the rule of an app that is not told its addresses (tests build such apps). */
  private readonly anyLoopbackPort: boolean;

  constructor(allowedHosts: readonly string[] = [], options: { anyLoopbackPort?: boolean } = {}) {
    this.extra = allowedHosts.map((name) => {
      const parsed = parseAuthority(name);
      if (!parsed) throw new Error(`allowed host "${name}" is not a host name or address with an optional :port, e.g. web-01.example.com`);
      return parsed;
    });
    this.anyLoopbackPort = options.anyLoopbackPort ?? false;
  }

  /** Adds a bound listen address, host:port as listenOn returns it. */
  addBound(address: string): void {
    const parsed = parseAuthority(address);
    if (!parsed) throw new Error(`cannot read the bound REST address "${address}"`);
    this.bound.push({ ...parsed, loopback: isLoopback(parsed.hostname), wildcard: parsed.hostname === '0.0.0.0' || parsed.hostname === '[::]' });
  }

  /** `overUnixSocket`: the request came in over a unix:// listener. */
  accepts(host: string | undefined, overUnixSocket = false): boolean {
    const given = host === undefined ? undefined : parseAuthority(host);
    if (!given) return false;
    const port = given.port || '80';
    if (overUnixSocket && given.hostname === LOCALHOST) return true;
    if (this.extra.some((name) => name.hostname === given.hostname && (name.port === '' || name.port === port))) return true;
    if (this.anyLoopbackPort && (isLoopback(given.hostname) || given.hostname === LOCALHOST)) return true;
    return this.bound.some((b) => b.port === port && this.namesOf(b).includes(given.hostname));
  }

  /** The accepted values, for the message that refuses a request (bounded: interfaces can be many). */
  describe(overUnixSocket = false): string {
    const values: string[] = overUnixSocket ? ['localhost (over the Unix socket, any port or none)'] : [];
    for (const b of this.bound) for (const name of this.namesOf(b)) values.push(`${name}:${b.port}`);
    if (this.anyLoopbackPort) values.push('localhost, 127.0.0.1 or [::1] with any port');
    for (const name of this.extra) values.push(name.port ? `${name.hostname}:${name.port}` : name.hostname);
    const unique = [...new Set(values)];
    return unique.length > 12 ? `${unique.slice(0, 12).join(', ')} and ${unique.length - 12} more` : unique.join(', ');
  }

  private namesOf(b: BoundAddress): string[] {
    if (b.wildcard) return [LOCALHOST, os.hostname().toLowerCase(), ...interfaceAddresses()];
    if (b.loopback) return [b.hostname, LOCALHOST];
    return [b.hostname];
  }
}

/** host[:port] in canonical form, or undefined when it is not one (userinfo, a path, spaces...). */
export function parseAuthority(value: string): Authority | undefined {
  if (!/^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    // WHATWG URL drops :80 for http; say it again so that "host" and "host:80" compare equal as ports.
    const port = url.port === '' && /:\d+$/.test(value) ? '80' : url.port;
    return { hostname: url.hostname.replace(/\.$/, ''), port };
  } catch {
    return undefined;
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === LOCALHOST;
}

function interfaceAddresses(): string[] {
  const addresses: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4') addresses.push(info.address);
      else if (!info.address.startsWith('fe80:')) addresses.push(new URL(`http://[${info.address}]`).hostname); // link-local needs a zone: not a Host
    }
  }
  return addresses;
}
