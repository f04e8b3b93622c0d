/**
 * Parses the host addresses people type: host, host:port, [v6], [v6]:port, and
 * unix:///absolute/path for a daemon's Unix socket (grpc-js dials that form as
 * it is, so it is returned unchanged), and ssh://[user@]host[:port][/socket]
 * for a daemon reached over SSH (ssh-address.ts).
 */
import { ClientError } from '../errors/client-error';
import { formatSshAddress, isSshAddress, parseSshAddress } from './ssh-address';

export const DEFAULT_DAEMON_PORT = 50051;

/** A malformed host address: nothing was sent. The message says how to write one. */
export class AddressError extends ClientError {
  constructor(message: string) {
    super(message, { code: 'invalid_argument', reason: 'address' });
    this.name = 'AddressError';
  }
}

export function parseHostAddress(input: string): string {
  const text = input.trim();
  const example = `write it as host or host:port, e.g. 127.0.0.1:${DEFAULT_DAEMON_PORT} or [::1]:${DEFAULT_DAEMON_PORT} (or unix:///PATH for a Unix socket, ssh://[user@]host for one over SSH)`;
  if (!text) throw new AddressError(`the host address is empty; ${example}`);
  if (/^unix:(?!\d+$)/i.test(text)) return unixAddress(input, text); // "unix:50051" is a host named unix
  if (isSshAddress(text)) return formatSshAddress(parseSshAddress(input));
  if (/[\s/?#@]/.test(text) || text.includes('://')) {
    throw new AddressError(`host address "${input}" is malformed (no scheme but unix:// and ssh://, no path or spaces); ${example}`);
  }
  let host: string;
  let port: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new AddressError(`host address "${input}" has an unclosed "["; ${example}`);
    host = text.slice(0, close + 1);
    const rest = text.slice(close + 1);
    if (rest && !rest.startsWith(':')) throw new AddressError(`host address "${input}" is malformed after "]"; ${example}`);
    port = rest ? rest.slice(1) : undefined;
  } else if ((text.match(/:/g) ?? []).length > 1) {
    host = `[${text}]`; // a bare IPv6 address
  } else {
    [host, port] = text.split(':');
  }
  if (!host || host === '[]') throw new AddressError(`host address "${input}" has no host name; ${example}`);
  if (!/^(\[[0-9a-fA-F:.%\w]+\]|[A-Za-z0-9.-]+)$/.test(host)) {
    throw new AddressError(`host address "${input}": "${host}" is not a valid host name or IP address; ${example}`);
  }
  if (port !== undefined) {
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65535) {
      throw new AddressError(`host address "${input}": the port must be a number from 1 to 65535; ${example}`);
    }
    return `${host}:${n}`;
  }
  return `${host}:${DEFAULT_DAEMON_PORT}`;
}

export const UNIX_SCHEME = 'unix://';

/** unix:// followed by an absolute path, e.g. unix:///run/mobilityd/mobilityd.sock. */
function unixAddress(input: string, text: string): string {
  const example = 'write a Unix socket as unix:// followed by its absolute path, e.g. unix:///run/mobilityd/mobilityd.sock';
  if (!text.startsWith(UNIX_SCHEME)) throw new AddressError(`host address "${input}" is not a Unix socket address; ${example}`);
  const socketPath = text.slice(UNIX_SCHEME.length);
  if (!socketPath.startsWith('/')) {
    throw new AddressError(`host address "${input}": the socket path must be absolute (three slashes after "unix:"); ${example}`);
  }
  if (/[\s?#\0]/.test(socketPath) || socketPath.endsWith('/')) {
    throw new AddressError(`host address "${input}": "${socketPath}" is not a socket file path (no spaces, "?", "#" or trailing "/"); ${example}`);
  }
  return text;
}

/** The host (without IPv6 brackets) and port of a normalised host:port address, for a plain socket. */
export function hostAndPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(address.slice(colon + 1)) };
}

/** A Unix socket, or a TCP address on a loopback name or address: traffic that never leaves this machine. */
export function isLocalAddress(address: string): boolean {
  if (address.startsWith(UNIX_SCHEME)) return true;
  const host = hostAndPort(address).host.toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::ffff:127.0.0.1';
}
