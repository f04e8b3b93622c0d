/**
 * Package contents for repository tests, made with the real tools (GNU tar,
 * gzip through node:zlib): Linux packages laid out as the installer contract
 * says (or deliberately not), padded to a size when a test needs a big upload,
 * and minimal Windows PE executables. Never the daemon's own code: a fixture
 * built by the checker under test could not catch its bugs.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export interface ArchiveEntry {
  /** Path inside the archive, e.g. "install" or "Vx/bin/UnifiedAgentConfigurator.sh". */
  path: string;
  content?: string | Buffer;
  /** Default 0o755 for scripts (install, *.sh), 0o644 otherwise. */
  mode?: number;
  /** A symbolic link to this target instead of a file. */
  symlinkTo?: string;
  /** A folder instead of a file. */
  directory?: boolean;
}

/** What the contract asks of a Linux package: an executable install at the top, and the configurator. */
export const CONTRACT_ENTRIES: readonly ArchiveEntry[] = [
  { path: 'install', content: '#!/bin/sh\n# TEST PACKAGE\nexit 0\n' },
  { path: 'UnifiedAgentConfigurator.sh', content: '#!/bin/sh\n# TEST PACKAGE\nexit 0\n' },
];

/**
 * A tar archive of `entries`, made by GNU tar from real files (ustar unless
 * `format` says otherwise); `prefix` "./" gives members as `tar -C dir .` does.
 */
export function tarOf(entries: readonly ArchiveEntry[], options: { prefix?: string; format?: string } = {}): Buffer {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-test-archive-'));
  try {
    const files = path.join(staging, 'files');
    fs.mkdirSync(files);
    for (const entry of entries) writeEntry(files, entry);
    const members = entries.map((e) => `${options.prefix ?? ''}${e.path}`);
    const archive = path.join(staging, 'archive.tar');
    // -P keeps member names as given (a "../" member stays one), --no-recursion lists exactly these members.
    execFileSync('tar', ['-c', '-P', '--no-recursion', `--format=${options.format ?? 'gnu'}`, '-f', archive, '-C', files, '--', ...members]);
    return fs.readFileSync(archive);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function writeEntry(root: string, entry: ArchiveEntry): void {
  const file = path.resolve(root, entry.path);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (entry.directory) fs.mkdirSync(file, { recursive: true });
  else if (entry.symlinkTo !== undefined) fs.symlinkSync(entry.symlinkTo, file);
  else {
    fs.writeFileSync(file, entry.content ?? '');
    fs.chmodSync(file, entry.mode ?? (/(^|\/)install$|\.sh$/.test(entry.path) ? 0o755 : 0o644));
  }
}

/** gzip as `gzip -n` writes it. */
export const gzip = (data: Buffer): Buffer => zlib.gzipSync(data);

/** A Linux package (.tar.gz): the contract's entries, plus `extra`, plus `padBytes` of random data in a file. */
export function linuxPackage(options: { extra?: readonly ArchiveEntry[]; padBytes?: number } = {}): Buffer {
  const pad = options.padBytes ? [{ path: 'payload.bin', content: randomBytes(options.padBytes) }] : [];
  return gzip(tarOf([...CONTRACT_ENTRIES, ...(options.extra ?? []), ...pad]));
}

/**
 * A minimal Windows PE executable: the DOS header ("MZ", e_lfanew at 0x3C
 * pointing at 0x80), a DOS stub, "PE\0\0" and a COFF header for x64, padded
 * with random bytes to `sizeBytes` (at least 0x98).
 */
export function windowsPackage(sizeBytes = 4096): Buffer {
  const data = randomBytes(Math.max(sizeBytes, 0x98));
  data.fill(0, 0, 0x98);
  data.write('MZ', 0, 'latin1');
  data.writeUInt32LE(0x80, 0x3c);
  data.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  data.write('PE\0\0', 0x80, 'latin1');
  data.writeUInt16LE(0x8664, 0x84); // machine: x64
  return data;
}

export const sha256Of = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** An upload header for `data` under `name`. */
export const headerFor = (name: string, data: Buffer) => ({ name, sha256: sha256Of(data), sizeBytes: data.length });

/** `data` as upload chunks of `size` bytes. */
export async function* chunksOf(data: Buffer, size = 16 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

export const linuxPackageName = (version = '9.30.0.0', tag = 'UBUNTU-20.04-64', date = '22Oct2019') =>
  `Microsoft-ASR_UA_${version}_${tag}_GA_${date}_release.tar.gz`;
export const windowsPackageName = (version = '9.30.0.0', date = '22Oct2019') => `Microsoft-ASR_UA_${version}_Windows_GA_${date}_release.exe`;
