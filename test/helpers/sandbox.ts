/** Temporary host roots for tests: real folders with real files, removed afterwards. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const UBUNTU_2004_OS_RELEASE = `NAME="Ubuntu"
VERSION="20.04.6 LTS (Focal Fossa)"
ID=ubuntu
ID_LIKE=debian
PRETTY_NAME="Ubuntu 20.04.6 LTS"
VERSION_ID="20.04"
VERSION_CODENAME=focal
UBUNTU_CODENAME=focal
`;

export interface Sandbox {
  dir: string;
  root: string;
  stateDir: string;
  /** Writes a file under the root at an absolute host path. */
  write(hostPath: string, content: string | Buffer): string;
  path(hostPath: string): string;
  remove(): void;
}

export function makeSandbox(osRelease = UBUNTU_2004_OS_RELEASE): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-test-'));
  const root = path.join(dir, 'root');
  const stateDir = path.join(dir, 'state');
  fs.mkdirSync(root);
  const sandbox: Sandbox = {
    dir,
    root,
    stateDir,
    path: (hostPath) => path.join(root, hostPath),
    write(hostPath, content) {
      const file = path.join(root, hostPath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  if (osRelease) sandbox.write('/etc/os-release', osRelease);
  return sandbox;
}
