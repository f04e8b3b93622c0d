/** A package in a few words, for confirmations and results: its name, version, OS tag, size and sha256. */
import type { Package } from '../../gen/mobility/v1/agent_control_pb';
import { formatBytes } from './format-values';

/** Enough of a sha256 to tell packages apart and to compare with `sha256sum` by eye. */
export function shortSha(sha256: string): string {
  return sha256 ? sha256.slice(0, 12) : '-';
}

/** "Microsoft-...tar.gz (9.30.0.0, UBUNTU-20.04-64, 1.2 MiB, sha256 0123456789ab)". */
export function describePackage(p: Package): string {
  return `${p.name} (${[p.version, p.osTag, formatBytes(p.sizeBytes), `sha256 ${shortSha(p.sha256)}`].filter(Boolean).join(', ')})`;
}
