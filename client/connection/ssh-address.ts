/**
 * ssh://[user@]host[:port][/path/of/mobilityd.sock]: mobilityd reached through
 * the system's ssh, which runs `mobilityd dial-stdio` on the host to connect to
 * its Unix socket (ssh-tunnel.ts). The path part is the socket on the host
 * (default DEFAULT_REMOTE_SOCKET). Every part ends up in ssh's argument list,
 * so each is checked strictly: nothing that could read as an option (a leading
 * "-") and no character a shell would interpret.
 */
import { AddressError } from './host-address';

export const SSH_SCHEME = 'ssh://';
export const DEFAULT_REMOTE_SOCKET = '/run/mobilityd/mobilityd.sock';

export interface SshTarget {
  /** Login name; undefined leaves it to ~/.ssh/config or the local user name. */
  user?: string;
  /** Host name, ssh_config alias or IP address (IPv6 without brackets). */
  host: string;
  /** undefined leaves it to ~/.ssh/config or 22. */
  port?: number;
  /** mobilityd's Unix socket on the host. */
  socketPath: string;
}

const EXAMPLE = 'write it as ssh://[user@]host[:port][/path/of/mobilityd.sock], e.g. ssh://admin@web-01 or ssh://web-01:2222/run/mobilityd/mobilityd.sock';
const USER = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const HOST = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
/** Socket paths go to the remote shell as one word: only characters no shell treats specially. */
export const SAFE_REMOTE_PATH = /^\/[A-Za-z0-9._\/+-]*[A-Za-z0-9._+-]$/;

export function isSshAddress(address: string): boolean {
  return address.toLowerCase().startsWith(SSH_SCHEME);
}

export function parseSshAddress(input: string): SshTarget {
  const text = input.trim();
  const bad = (what: string) => new AddressError(`host address "${input}": ${what}; ${EXAMPLE}`);
  if (!isSshAddress(text)) throw bad('an ssh address starts with ssh://');
  const rest = text.slice(SSH_SCHEME.length);
  if (/[?#]/.test(rest)) throw bad('no "?" or "#" (the socket is given as the path)');
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const socketPath = slash < 0 ? DEFAULT_REMOTE_SOCKET : rest.slice(slash);
  if (!SAFE_REMOTE_PATH.test(socketPath) || socketPath.includes('//') || socketPath.split('/').includes('..')) {
    throw bad(`"${socketPath}" is not an absolute socket path of letters, digits and . _ - + / (no spaces or shell characters)`);
  }
  const at = authority.lastIndexOf('@');
  const user = at < 0 ? undefined : authority.slice(0, at);
  if (user !== undefined && !USER.test(user)) {
    throw bad(`"${user}" is not a user name (letters, digits, . _ -, not starting with "-")`);
  }
  const { host, port } = hostPart(at < 0 ? authority : authority.slice(at + 1), bad);
  return { user, host, port, socketPath };
}

/** The normalised form: the default socket left out, user and port only when given. */
export function formatSshAddress(target: SshTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const user = target.user === undefined ? '' : `${target.user}@`;
  const port = target.port === undefined ? '' : `:${target.port}`;
  const socket = target.socketPath === DEFAULT_REMOTE_SOCKET ? '' : target.socketPath;
  return `${SSH_SCHEME}${user}${host}${port}${socket}`;
}

function hostPart(text: string, bad: (what: string) => AddressError): { host: string; port?: number } {
  let host = text;
  let port: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw bad('it has an unclosed "["');
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (after && !after.startsWith(':')) throw bad('it is malformed after "]"');
    if (!IPV6.test(host) || !host.includes(':')) throw bad(`"${host}" is not an IPv6 address`);
    port = after ? after.slice(1) : undefined;
  } else {
    const colon = text.indexOf(':');
    if (colon >= 0) [host, port] = [text.slice(0, colon), text.slice(colon + 1)];
    if (!host) throw bad('it has no host name');
    if (!HOST.test(host)) throw bad(`"${host}" is not a host name, ssh_config alias or IP address (letters, digits, . _ -, not starting with "-")`);
  }
  if (port === undefined) return { host };
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) throw bad('the ssh port must be a number from 1 to 65535');
  return { host, port: n };
}
