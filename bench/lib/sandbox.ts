/** The daemon's temporary host root: an Ubuntu 20.04 os-release and the mobilityd log folder. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UBUNTU_2004_OS_RELEASE } from '../../test/helpers/sandbox';


/** Host path of the installer log ("installer" in the daemon's catalog). */
export const INSTALLER_LOG = '/var/log/mobilityd/ASRUnifiedAgentInstaller.log';
/** Host path of the configurator log ("configurator"). */
export const CONFIGURATOR_LOG = '/var/log/mobilityd/ASRUnifiedAgentConfigurator.log';

export interface BenchSandbox {
  dir: string;
  root: string;
  stateDir: string;
  /** The installer log on disk. */
  installerLog: string;
  /** A scratch folder for files that are not host files. */
  scratch: string;
  remove(): void;
}

export function makeBenchSandbox(): BenchSandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-bench-'));
  const root = path.join(dir, 'root');
  const stateDir = path.join(dir, 'state');
  const scratch = path.join(dir, 'scratch');
  const installerLog = path.join(root, INSTALLER_LOG);
  makeHostRoot(root);
  fs.mkdirSync(scratch);
  let removed = false;
  return {
    dir,
    root,
    stateDir,
    installerLog,
    scratch,
    remove() {
      if (removed) return;
      removed = true;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A host root: an Ubuntu 20.04 os-release and the (empty) mobilityd log folder. */
export function makeHostRoot(root: string): void {
  fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
  const osRelease = path.join(root, 'etc/os-release');
  fs.writeFileSync(osRelease, UBUNTU_2004_OS_RELEASE);
  // A real host's os-release is old; a file written seconds ago may be re-read on every call.
  const dayAgo = new Date(Date.now() - 86_400_000);
  fs.utimesSync(osRelease, dayAgo, dayAgo);
  fs.mkdirSync(path.join(root, path.dirname(INSTALLER_LOG)), { recursive: true });
}
