/** Runs a packaging tool (dpkg-deb, rpmbuild, postject) and fails with its own words when it fails. */
import { execFile } from 'node:child_process';

export interface ToolRun {
  stdout: string;
  stderr: string;
}

/** Large output limit: rpmbuild and postject are chatty on big binaries. */
const MAX_OUTPUT = 64 * 1024 * 1024;

export function runTool(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { cwd: options.cwd, maxBuffer: MAX_OUTPUT }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, stderr });
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      const why = missing ? `${command} is not installed (${installHint(command)})` : `${command} ${args.join(' ')} failed: ${stderr.trim() || err.message}`;
      reject(new Error(why));
    });
  });
}

function installHint(command: string): string {
  if (command === 'rpmbuild') return 'apt-get install rpm, or dnf install rpm-build';
  if (command === 'dpkg-deb') return 'apt-get install dpkg';
  return `install ${command}`;
}
