/**
 * How a host's mobilityd is reached securely, from its variables: TLS, a
 * pinned fingerprint or a CA file, and a token file. Only file names are
 * kept (relative ones resolved against the inventory's folder); the client
 * reads the files when it connects, so a token never sits in the inventory.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprintProblem, normaliseFingerprint } from '../connection/fingerprint';
import type { HostSettings } from './host-settings';
import { INVENTORY_VARIABLES, type InventorySecurity } from './inventory-types';

const { tls: TLS, tlsFingerprint: PIN, tlsCa: CA, tokenFile: TOKEN_FILE } = INVENTORY_VARIABLES;

/**
 * `overSsh`: the host is reached over SSH to mobilityd's Unix socket, which
 * carries no TLS (SSH encrypts and authenticates), so TLS variables, e.g. a
 * pin set for its whole group, do not apply to it.
 */
export function inventorySecurity(settings: HostSettings, overSsh: boolean): InventorySecurity {
  const security: InventorySecurity = {};
  const tokenFile = settings.text(TOKEN_FILE);
  if (tokenFile !== undefined) security.tokenFile = inventoryPath(settings, tokenFile);
  if (overSsh) return security;
  const trust = trustVariable(settings);
  const tls = settings.flag(TLS);
  if (trust === PIN) {
    const pin = settings.text(PIN)!;
    const normalised = normaliseFingerprint(pin);
    if (!normalised) settings.fail(PIN, fingerprintProblem(pin).replace(/^("[^"]*") is not/, 'is $1, not'));
    security.tlsFingerprint = normalised;
  }
  if (trust === CA) security.tlsCaFile = inventoryPath(settings, settings.text(CA)!);
  if (trust !== undefined) security.tls = true;
  else if (tls !== undefined) security.tls = tls;
  return security;
}

/**
 * Which way the host's certificate is trusted: a pin or a CA file. When both
 * (or mobilityd_tls: false) are set, the most specific place wins (a host's
 * own CA over its group's pin); set in the same place, they contradict.
 */
function trustVariable(settings: HostSettings): typeof PIN | typeof CA | undefined {
  const pin = settings.rank(PIN);
  const ca = settings.rank(CA);
  if (pin >= 0 && pin === ca) settings.fail(PIN, `and ${CA} are both set; trust the host one way: a pinned fingerprint or a CA file`);
  const trust = pin > ca ? PIN : ca > pin ? CA : undefined;
  if (trust === undefined) return undefined;
  const plain = settings.flag(TLS) === false ? settings.rank(TLS) : -1;
  if (plain === settings.rank(trust)) settings.fail(TLS, `is false but ${trust} asks for TLS; remove one of them`);
  return plain > settings.rank(trust) ? undefined : trust;
}

/** ~/ is the home folder; a relative path is relative to the inventory file's folder. */
function inventoryPath(settings: HostSettings, file: string): string {
  if (file === '~' || file.startsWith('~/')) return path.join(os.homedir(), file.slice(1));
  return path.resolve(path.dirname(settings.file), file);
}
