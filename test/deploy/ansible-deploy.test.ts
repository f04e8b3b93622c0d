/**
 * The Ansible role (deploy/ansible) deploys the release's .deb for real: Debian's
 * ansible-playbook logs in over ssh to a loopback OpenSSH server, copies and
 * installs the package, writes the config, starts mobilityd and records its
 * certificate's fingerprint on the controller. Then an administrator makes a
 * token over ssh and mobilityctl reaches the daemon with TLS pinned to that
 * fingerprint, as a client of the fleet would.
 *
 * The "remote" host is this machine, so the role deploys into a scratch prefix
 * (dpkg --root) and, with no systemd as PID 1 here, uses mobilityd_service=process:
 * it starts the installed daemon as a background process. The daemon listens on
 * 127.0.0.1 only, on free ports.
 */
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/free-port';
import { startLoopbackSshd, type LoopbackSshd } from '../helpers/loopback-sshd';
import { releaseArtifacts } from '../helpers/release-build';
import { REPO_ROOT } from '../helpers/repo-root';
import { hermeticAnsibleEnv, runPlaybook, type PlaybookRun } from './ansible-playbook-run';

const ANSIBLE_DIR = path.join(REPO_ROOT, 'deploy', 'ansible');
const PROCESS_SCRIPT = path.join(ANSIBLE_DIR, 'roles', 'mobilityd', 'files', 'mobilityd-process.sh');
const HOST = 'mobility-test-host';

describe('Ansible deployment: the mobilityd role over ssh (deploy/ansible)', function () {
  // Each play copies a package of two ~100 MB executables over ssh and runs some twenty tasks.
  this.timeout(10 * 60_000);

  let release: Awaited<ReturnType<typeof releaseArtifacts>>;
  let sshd: LoopbackSshd | undefined;
  let work: string;
  let prefix: string;
  let grpcPort: number;
  let playbookArgs: string[];
  let env: NodeJS.ProcessEnv;
  let firstRun: PlaybookRun;

  before(async function () {
    this.timeout(30 * 60_000); // the shared release build, on a first use in this process
    release = await releaseArtifacts();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-ansible-'));
    prefix = path.join(work, 'root');
    sshd = await startLoopbackSshd();
    grpcPort = await freePort();
    const restPort = await freePort();
    const inventory = path.join(work, 'inventory.ini');
    fs.writeFileSync(
      inventory,
      `[mobility]\n${HOST} ansible_host=127.0.0.1 ansible_port=${sshd.port} ansible_user=root ` +
        `ansible_ssh_private_key_file=${sshd.clientKey} ` +
        `ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=${sshd.knownHosts}' ` +
        'ansible_python_interpreter=/usr/bin/python3\n',
    );
    const vars = {
      mobilityd_package_dir: release.dir,
      mobilityd_prefix: prefix,
      mobilityd_service: 'process',
      mobilityd_listen: ['unix:///run/mobilityd/mobilityd.sock', `127.0.0.1:${grpcPort}`],
      mobilityd_rest_listen: [`127.0.0.1:${restPort}`],
      mobilityd_fingerprints_file: path.join(work, 'fingerprints'),
      mobilityd_host_vars_dir: path.join(work, 'host_vars'),
    };
    fs.writeFileSync(path.join(work, 'vars.json'), JSON.stringify(vars));
    playbookArgs = ['-i', inventory, path.join(ANSIBLE_DIR, 'deploy.yml'), '-e', `@${path.join(work, 'vars.json')}`];
    env = hermeticAnsibleEnv(path.join(work, 'ansible'));
    firstRun = await runPlaybook(playbookArgs, env, work);
  });

  after(async function () {
    this.timeout(2 * 60_000);
    if (prefix) await stopDaemon(prefix);
    await sshd?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('installs the package, writes the config and starts mobilityd', () => {
    assert.equal(firstRun.code, 0, firstRun.output);
    const recap = firstRun.recap[HOST];
    assert.ok(recap, `no PLAY RECAP line for ${HOST}:\n${firstRun.output}`);
    assert.equal(recap.failed, 0, firstRun.output);
    assert.equal(recap.unreachable, 0, firstRun.output);
    assert.ok(recap.changed > 0, `a first deployment changes the host:\n${firstRun.output}`);
    assert.ok(fs.existsSync(path.join(prefix, 'usr', 'bin', 'mobilityd')), 'the package installed /usr/bin/mobilityd under the prefix');
    const config = JSON.parse(fs.readFileSync(path.join(prefix, 'etc', 'mobilityd', 'config.json'), 'utf8'));
    assert.deepEqual(config.listen, [`unix://${prefix}/run/mobilityd/mobilityd.sock`, `127.0.0.1:${grpcPort}`]);
    assert.equal(config.tlsCert, path.join(prefix, 'etc', 'mobilityd', 'tls', 'mobilityd.crt'));
    assert.equal(config.authTokens, path.join(prefix, 'etc', 'mobilityd', 'tokens.json'));
  });

  it('changes nothing when run again (changed=0)', async () => {
    const second = await runPlaybook(playbookArgs, env, work);
    assert.equal(second.code, 0, second.output);
    assert.deepEqual(
      { changed: second.recap[HOST]?.changed, failed: second.recap[HOST]?.failed },
      { changed: 0, failed: 0 },
      second.output,
    );
  });

  it("records the certificate's fingerprint on the controller, as a line and as a host variable", async () => {
    const { stdout } = await promisify(execFile)(release.mobilityd, ['tls', 'fingerprint', path.join(prefix, 'etc', 'mobilityd', 'tls', 'mobilityd.crt')]);
    const actual = stdout.trim();
    assert.match(actual, /^sha256:[0-9a-f]{64}$/);
    assert.equal(fs.readFileSync(path.join(work, 'fingerprints'), 'utf8'), `${HOST} ${actual}\n`);
    const hostVars = fs.readFileSync(path.join(work, 'host_vars', HOST, 'mobilityd.yml'), 'utf8');
    assert.match(hostVars, new RegExp(`^mobilityd_tls_fingerprint: "${actual}"$`, 'm'));
  });

  it('serves mobilityctl status over TLS pinned to the recorded fingerprint, with a token an administrator made over ssh', async () => {
    const fingerprint = fs.readFileSync(path.join(work, 'fingerprints'), 'utf8').trim().split(' ')[1];
    const tokenFile = path.join(work, 'operator.token');
    fs.writeFileSync(tokenFile, await createTokenOverSsh(sshd!, prefix), { mode: 0o600 });
    const env = { ...process.env };
    for (const name of ['MOBILITY_HOST', 'MOBILITY_TOKEN', 'MOBILITY_TLS_CA']) delete env[name];
    const { stdout } = await promisify(execFile)(
      release.mobilityctl,
      ['status', '--host', `127.0.0.1:${grpcPort}`, '--tls-fingerprint', fingerprint, '--token-file', tokenFile],
      { env },
    );
    assert.match(stdout, new RegExp(`^\\s+address\\s+127\\.0\\.0\\.1:${grpcPort}$`, 'm'));
    assert.match(stdout, new RegExp(`^\\s+version\\s+${release.version.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(stdout, /^\s+security\s+TLS, tokens$/m);
    assert.match(stdout, new RegExp(`^\\s+root\\s+${prefix}$`, 'm'));
  });
});

/**
 * `mobilityd token create` on the host, as an administrator would run it over ssh.
 * The token is only returned: a failure reports ssh's stderr, never its stdout.
 */
function createTokenOverSsh(sshd: LoopbackSshd, prefix: string): Promise<string> {
  const command = [`${prefix}/usr/bin/mobilityd`, 'token', 'create', '--tokens', `${prefix}/etc/mobilityd/tokens.json`, '--name', 'ci', '--role', 'operator'];
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [...sshd.sshClientArgs(), `root@${sshd.host}`, ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0 && stdout.trim()) resolve(stdout);
      else reject(new Error(`mobilityd token create over ssh failed (exit ${code}): ${stderr}`));
    });
  });
}

/** The role's own process-mode script stops the daemon it started (SIGTERM, then waits for the exit). */
async function stopDaemon(prefix: string): Promise<void> {
  const pidFile = path.join(prefix, 'run', 'mobilityd', 'mobilityd.pid');
  if (!fs.existsSync(pidFile)) return;
  await promisify(execFile)('sh', [
    PROCESS_SCRIPT,
    'stop',
    path.join(prefix, 'usr', 'bin', 'mobilityd'),
    path.join(prefix, 'etc', 'mobilityd', 'config.json'),
    pidFile,
    path.join(prefix, 'var', 'log', 'mobilityd-daemon.log'),
  ]);
}
