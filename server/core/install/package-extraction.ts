/**
 * Unpacks an installer package into a fresh folder of the job (contract step
 * 1): `tar -xzf` on Linux, the self-extractor's `/q /x:` on Windows, both run
 * like every other job program, with their output in the job's log.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { failedPrecondition } from '../errors/app-error';
import { runProcess } from '../agent-programs/child-process-runner';
import type { InstallerOs } from './install-options';
import { linuxExtractCommand, windowsExtractCommand, type Command } from '../agent-programs/installer-commands';

export interface ExtractInput {
  /** The verified package file. */
  packagePath: string;
  /** The job's own work folder (e.g. <state>/work/<job-id>); the package is unpacked into a subfolder. */
  workDir: string;
  os: InstallerOs;
  logFile: string;
  signal?: AbortSignal;
}

/** The subfolder of the work folder that receives the package. */
export const EXTRACT_SUBDIR = 'package';

/** What an unpacked package must hold at its top for the install step to run it. */
export const INSTALLER_PROGRAM: Record<InstallerOs, string> = { linux: 'install', windows: 'UnifiedAgent.exe' };

/**
 * Returns the folder holding the unpacked package. Throws failed_precondition
 * when extraction fails, and the signal's reason when the job was cancelled.
 */
export async function extractPackage(input: ExtractInput): Promise<string> {
  const dir = await freshFolder(input.workDir);
  const command = extractCommand(input.os, input.packagePath, dir);
  let lastLine = '';
  const result = await runProcess(command, {
    logFile: input.logFile,
    signal: input.signal,
    onLine: (line) => (lastLine = line.trim() || lastLine),
  });
  if (result.cancelled) input.signal?.throwIfAborted();
  if (result.exitCode !== 0) throw extractionFailed(input.packagePath, command, result.exitCode, result.signal, lastLine);
  await requireInstaller(input.packagePath, dir, input.os);
  return dir;
}

function extractCommand(os: InstallerOs, packagePath: string, dir: string): Command {
  return os === 'windows' ? windowsExtractCommand(packagePath, dir) : linuxExtractCommand(packagePath, dir);
}

/** <workDir>/package, emptied: a retried job must not install files left by an earlier attempt. */
async function freshFolder(workDir: string): Promise<string> {
  const dir = path.join(workDir, EXTRACT_SUBDIR);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

function extractionFailed(
  packagePath: string,
  command: Command,
  code: number | null,
  signal: NodeJS.Signals | null,
  lastLine: string,
) {
  const how = code !== null ? `exit code ${code}` : `killed by ${signal}`;
  const said = lastLine ? `; it said: ${lastLine}` : '';
  return failedPrecondition(
    `extracting ${path.basename(packagePath)} with ${path.basename(command.file)} failed (${how})${said}. ` +
      'The package may be damaged or not a Mobility service installer: upload it again',
  );
}

async function requireInstaller(packagePath: string, dir: string, os: InstallerOs): Promise<void> {
  const program = INSTALLER_PROGRAM[os];
  const stat = await fs.stat(path.join(dir, program)).catch(() => undefined);
  if (!stat?.isFile()) {
    throw failedPrecondition(
      `${path.basename(packagePath)} unpacked without ${program} at its top level; it is not a Mobility service installer package`,
    );
  }
}
