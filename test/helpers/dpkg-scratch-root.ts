/**
 * An empty Debian root in a temporary folder that dpkg installs into with
 * --root, as a regular package install but touching nothing outside it:
 * the maintainer scripts run without chroot (--force-script-chrootless, so
 * the root needs no shell of its own) and see the root as $DPKG_ROOT.
 * --force-depends: the scratch dpkg database knows no libc6.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface DpkgRun {
  code: number;
  /** stdout and stderr of dpkg and the maintainer scripts. */
  output: string;
}

export interface DpkgRoot {
  root: string;
  /** ROOT/hostPath. */
  path(hostPath: string): string;
  dpkg(args: readonly string[]): Promise<DpkgRun>;
  remove(): void;
}

export function makeDpkgRoot(): DpkgRoot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-dpkg-'));
  const root = path.join(dir, 'root');
  const database = path.join(root, 'var', 'lib', 'dpkg');
  for (const sub of ['info', 'updates']) fs.mkdirSync(path.join(database, sub), { recursive: true });
  for (const file of ['status', 'available']) fs.writeFileSync(path.join(database, file), '');
  const options = ['--root', root, '--force-not-root', '--force-depends', '--force-script-chrootless', '--log', path.join(dir, 'dpkg.log')];
  // dpkg looks for ldconfig and start-stop-daemon in the sbin folders.
  const env = { ...process.env, PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin` };
  return {
    root,
    path: (hostPath) => path.join(root, hostPath),
    dpkg: (args) =>
      new Promise((resolve) => {
        // stdin is empty: a conffile question would fail the run rather than wait.
        const child = execFile('dpkg', [...options, ...args], { env }, (err, stdout, stderr) =>
          resolve({ code: err ? Number(err.code ?? 1) : 0, output: `${stdout}${stderr}` }),
        );
        child.stdin?.end();
      }),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
