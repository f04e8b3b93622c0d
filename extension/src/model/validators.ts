/**
 * What people type into the extension's input boxes, checked as they type.
 * Each validator returns undefined for a good value, or a sentence that says
 * what is wrong and what a good value looks like (shown under the input box).
 */
import { isIP } from 'node:net';
import { AddressError, parseHostAddress } from '../../../client/connection/host-address';
import { isAbsoluteHostFilePath, isAbsoluteHostPath } from '../../../client/jobs/host-path';

/** Host names are labels in the tree and in messages: short, one line, no surrounding spaces. */
export const MAX_HOST_NAME_LENGTH = 64;

export function hostNameProblem(name: string, takenNames: readonly string[] = []): string | undefined {
  if (name.trim() === '') return 'Give the host a name, e.g. web-01 (it labels the host in the tree).';
  if (name !== name.trim()) return 'The name must not start or end with a space.';
  if (name.length > MAX_HOST_NAME_LENGTH) return `The name is ${name.length} characters long; keep it to ${MAX_HOST_NAME_LENGTH}.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'The name must be one line of text without control characters.';
  const lower = name.toLowerCase();
  if (takenNames.some((taken) => taken.toLowerCase() === lower)) return `There is already a host named "${name}"; choose another name.`;
  return undefined;
}

/** A mobilityd address: host or host:port (default port 50051), [v6]:port, unix:///path of its socket, or ssh://[user@]host[:port][/socket]. */
export function addressProblem(address: string): string | undefined {
  try {
    parseHostAddress(address);
    return undefined;
  } catch (err) {
    if (err instanceof AddressError) return capitalise(err.rawMessage) + '.';
    throw err;
  }
}

/** The address as it is stored and dialled, e.g. "10.0.0.4" → "10.0.0.4:50051". */
export function normaliseAddress(address: string): string {
  return parseHostAddress(address);
}

/** The configuration server: an IPv4 or IPv6 address, nothing else (the configurator takes only an IP). */
export function csEndpointProblem(ip: string): string | undefined {
  const text = ip.trim();
  if (text === '') return "Type the configuration server's IP address, e.g. 10.0.0.5 or fd00::5.";
  if (isIP(text) === 0) return `"${text}" is not an IPv4 or IPv6 address; the configuration server is given by its IP address, e.g. 10.0.0.5 or fd00::5.`;
  return undefined;
}

/**
 * The install location: empty for the OS default, else an absolute path on
 * the host (Linux /..., Windows C:\...) without the characters mobilityd
 * refuses rather than quotes.
 */
export function installLocationProblem(location: string): string | undefined {
  if (location === '') return undefined;
  if (location !== location.trim()) return 'The location must not start or end with a space.';
  if (!isAbsoluteHostPath(location)) {
    return 'Give an absolute path on the host, e.g. /usr/local/ASR or C:\\Program Files (x86)\\Microsoft Azure Site Recovery; leave it empty for the default.';
  }
  const bad = location.match(/[;&|`$<>"'*?\n\r\t!{}]/);
  if (bad) return `The location must not contain ${JSON.stringify(bad[0])}: mobilityd refuses shell metacharacters in paths.`;
  return undefined;
}

/** An absolute path of a file that is already on the host (a passphrase file there). */
export function hostFilePathProblem(path: string): string | undefined {
  if (path.trim() === '') return 'Type the absolute path of the file on the host, e.g. /etc/mobilityd/passphrases/MobSvc.passphrase.';
  if (!isAbsoluteHostFilePath(path)) {
    return `"${path}" is not an absolute path on the host; e.g. /etc/mobilityd/passphrases/MobSvc.passphrase.`;
  }
  return undefined;
}

/** For the password box: a passphrase is not empty. */
export function typedPassphraseProblem(text: string): string | undefined {
  return text === '' ? 'Type the configuration server\'s passphrase (it is sent once and never saved).' : undefined;
}

/** The token as `mobilityd token create` prints it; longer input is no token (mobilityd refuses it unread). */
export const MAX_TOKEN_LENGTH = 256;

/**
 * For the Set Host Token password box (surrounding spaces are dropped, as a
 * paste often brings them). The sentence never repeats what was typed: a
 * token is a secret, and the box's message is on screen.
 */
export function tokenProblem(typed: string): string | undefined {
  const token = typed.trim();
  if (token === '') return 'Paste the token "mobilityd token create" printed for this host (it starts with mobility_).';
  if (/^bearer\s/i.test(token)) return 'Paste the token alone, without "Bearer ".';
  if (token.length > MAX_TOKEN_LENGTH) return `That is ${token.length} characters; a token has far fewer. Is it the right text?`;
  if (!/^[\x21-\x7e]+$/.test(token)) return 'A token has no spaces, control characters or non-ASCII letters. Is it the right text?';
  if (!token.startsWith('mobility_')) return 'Tokens made by "mobilityd token create" start with mobility_. Is it the right text?';
  return undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
