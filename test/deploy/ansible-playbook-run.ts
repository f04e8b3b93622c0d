/**
 * Debian's real ansible-playbook, run hermetically for the deployment tests:
 * its own ansible.cfg, home and temp folders in the test's folder, so neither
 * the machine's nor the user's Ansible set-up (ANSIBLE_* variables, ~/.ansible,
 * /etc/ansible) changes what the test sees. The PLAY RECAP is parsed so a test
 * can assert what changed on each host.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';

export interface PlaybookRun {
  code: number | null;
  /** Everything it printed (stdout and stderr interleaved), for failure messages. */
  output: string;
  /** The PLAY RECAP's counters of each host: ok, changed, unreachable, failed, skipped, ... */
  recap: Record<string, Record<string, number>>;
}

/** Writes the test's ansible.cfg and returns the environment that makes ansible-playbook use only it. */
export function hermeticAnsibleEnv(dir: string): NodeJS.ProcessEnv {
  const config = path.join(dir, 'ansible.cfg');
  for (const sub of ['home', 'local-tmp', 'cp']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.writeFileSync(
    config,
    [
      '[defaults]',
      'host_key_checking = False',
      'retry_files_enabled = False',
      `home = ${path.join(dir, 'home')}`,
      `local_tmp = ${path.join(dir, 'local-tmp')}`,
      // The remote is this machine: its temp folder must not be root's shared ~/.ansible/tmp.
      `remote_tmp = ${path.join(dir, 'remote-tmp')}`,
      '',
      '[ssh_connection]',
      // One ssh session per task instead of several: the tasks' cost is mostly ssh's.
      'pipelining = True',
      `control_path_dir = ${path.join(dir, 'cp')}`,
      '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('ANSIBLE_')) env[name] = value;
  return { ...env, ANSIBLE_CONFIG: config, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0', ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_LOCAL_TEMP: path.join(dir, 'local-tmp'), ANSIBLE_REMOTE_TEMP: path.join(dir, 'remote-tmp') };
}

/** Runs ansible-playbook to its end (never throws for a failed play: the test asserts the result). */
export function runPlaybook(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<PlaybookRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(ANSIBLE_PLAYBOOK, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output, recap: parseRecap(output) }));
  });
}

/** `host : ok=21 changed=0 unreachable=0 failed=0 ...` lines after PLAY RECAP. */
export function parseRecap(output: string): Record<string, Record<string, number>> {
  const recap: Record<string, Record<string, number>> = {};
  const start = output.lastIndexOf('PLAY RECAP');
  if (start < 0) return recap;
  for (const line of output.slice(start).split('\n').slice(1)) {
    const match = /^(\S+)\s+:\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    const counters: Record<string, number> = {};
    for (const [, name, value] of match[2].matchAll(/(\w+)=(\d+)/g)) counters[name] = Number(value);
    recap[match[1]] = counters;
  }
  return recap;
}
