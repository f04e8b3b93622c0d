/**
 * Installer packages with a scripted `install`, for outcomes the sample
 * packages cannot produce through mobilityd (its own checks stop the requests
 * that would make the sample exit 96 or 15) — e.g. an install that exits 15,
 * or one killed by a signal. Named like real packages, so the repository
 * serves them as any other.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SCRIPTED_OS_TAG = 'UBUNTU-20.04-64';

/** Writes Microsoft-ASR_UA_<version>_<osTag>_GA_01Jan2021_release.tar.gz into repoDir; returns its name. */
export function makeScriptedPackage(repoDir: string, version: string, installScript: string, osTag = SCRIPTED_OS_TAG): string {
  const name = `Microsoft-ASR_UA_${version}_${osTag}_GA_01Jan2021_release.tar.gz`;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-scripted-package-'));
  try {
    fs.writeFileSync(path.join(staging, 'install'), `#!/bin/sh\n# SCRIPTED TEST PACKAGE\n${installScript}\n`, { mode: 0o755 });
    fs.mkdirSync(repoDir, { recursive: true });
    execFileSync('tar', ['-czf', path.join(repoDir, name), '-C', staging, 'install']);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return name;
}
