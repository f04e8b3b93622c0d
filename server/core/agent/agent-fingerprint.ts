/**
 * A fingerprint of the agent's traces on the host (agent-probe.ts): what a job
 * records when it starts, so that after a crash mobilityd can tell whether the
 * host CHANGED during the job, not only what it shows now. A host that already
 * showed the job's result (registered with the same server, the same version
 * installed) proves nothing about the job.
 *
 *  - Linux: .vx_version's content hash, plus its modification time (in
 *    nanoseconds), inode and size. The installer and the configurator rewrite
 *    the file (the sample replaces it by a rename), so even a rewrite with the
 *    same content shows as a change.
 *  - Windows: a hash of every registry value the probe reads. A rewrite with
 *    the same values cannot be seen there (the registry keeps no times that
 *    reg.exe shows), so such a job is reported INTERRUPTED: the safe answer.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { hostPath, type DaemonConfig } from '../config/daemon-config';
import type { RegistryReader } from '../os/windows-os';
import { WINDOWS_PRODUCT_KEY, WINDOWS_PRODUCT_VALUES, WINDOWS_UNINSTALL_KEYS, WINDOWS_UNINSTALL_VALUES } from './agent-probe';
import { VX_VERSION_FILE } from './vx-version';

export interface AgentFingerprint {
  /** Where it was taken: the file's host path or the registry key. */
  source: string;
  present: boolean;
  /** sha256 (hex) of the file's content or of the registry values. */
  sha256: string;
  /** Linux: "<mtime ns>/<inode>/<size>"; empty on Windows. */
  identity: string;
}

export function sameFingerprint(a: AgentFingerprint, b: AgentFingerprint): boolean {
  return a.source === b.source && a.present === b.present && a.sha256 === b.sha256 && a.identity === b.identity;
}

export async function linuxAgentFingerprint(config: Pick<DaemonConfig, 'root'>): Promise<AgentFingerprint> {
  const file = hostPath(config, VX_VERSION_FILE);
  const absent: AgentFingerprint = { source: VX_VERSION_FILE, present: false, sha256: '', identity: '' };
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return absent;
    throw err;
  }
  try {
    // Stat and content from one descriptor: a rename between them cannot mix two files.
    const stat = await handle.stat({ bigint: true });
    const content = await handle.readFile();
    return {
      source: VX_VERSION_FILE,
      present: true,
      sha256: createHash('sha256').update(content).digest('hex'),
      identity: `${stat.mtimeNs}/${stat.ino}/${stat.size}`,
    };
  } finally {
    await handle.close();
  }
}

export async function windowsAgentFingerprint(registry: RegistryReader): Promise<AgentFingerprint> {
  const values: Array<[string, string | undefined]> = [];
  for (const key of WINDOWS_UNINSTALL_KEYS) {
    values.push([`${key}`, (await registry.keyExists(key)) ? 'exists' : undefined]);
    for (const name of WINDOWS_UNINSTALL_VALUES) values.push([`${key}\\${name}`, await registry.getValue(key, name)]);
  }
  for (const name of WINDOWS_PRODUCT_VALUES) values.push([`${WINDOWS_PRODUCT_KEY}\\${name}`, await registry.getValue(WINDOWS_PRODUCT_KEY, name)]);
  const present = values.some(([, value]) => value !== undefined);
  return {
    source: WINDOWS_PRODUCT_KEY,
    present,
    sha256: createHash('sha256').update(JSON.stringify(values)).digest('hex'),
    identity: '',
  };
}
