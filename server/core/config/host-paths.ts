/**
 * Host paths in a daemon whose root is a sandbox (tests, the embedded default).
 * The agent's files may record a location either as the host sees it
 * ("/usr/local/ASR") or as the installer was given it, already under the root
 * ("<root>/usr/local/ASR": the sample installer writes what -d said). Jobs
 * show the first form and run programs with the second; these two functions
 * convert either form, so neither is ever resolved twice. With root "/" both
 * are the identity.
 */
import * as path from 'node:path';
import { hostPath, type DaemonConfig } from './daemon-config';

const rootOf = (config: Pick<DaemonConfig, 'root'>) => (config.root === '' ? '/' : path.resolve(config.root));

/** The path as the host sees it. */
export function asHostPath(config: Pick<DaemonConfig, 'root' | 'platform'>, location: string): string {
  const root = rootOf(config);
  if (config.platform === 'windows' || root === '/') return location;
  if (location === root) return '/';
  return location.startsWith(`${root}/`) ? location.slice(root.length) : location;
}

/** The path on this machine's file system (under the root). */
export function underRoot(config: Pick<DaemonConfig, 'root' | 'platform'>, location: string): string {
  if (config.platform === 'windows') return hostPath(config, location);
  return hostPath(config, asHostPath(config, location));
}
