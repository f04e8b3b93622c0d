/**
 * What Install refuses before any job exists: malformed requests
 * (INVALID_ARGUMENT naming the field) and hosts it cannot install on
 * (FAILED_PRECONDITION saying what to do), over real gRPC.
 */
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentRole, JobState, Platform } from '../../gen/mobility/v1/agent_control_pb';
import { expectGrpcError } from '../helpers/grpc-errors';
import { startJobDaemon, type JobDaemon, useJobDaemon } from '../helpers/job-daemon';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { makeScriptedPackage } from '../helpers/scripted-package';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'os-release');

/** A sandbox whose /etc holds the release files of a real system from the fixtures. */
function sandboxOf(system: string): Sandbox {
  const sandbox = makeSandbox('');
  for (const file of fs.readdirSync(path.join(FIXTURES, system))) {
    sandbox.write(`/etc/${file}`, fs.readFileSync(path.join(FIXTURES, system, file)));
  }
  return sandbox;
}

describe('Install preflight', function () {
  this.timeout(30_000);

  describe('malformed requests: INVALID_ARGUMENT, nothing started', () => {
    // Registered before the daemon's own after hook, so it runs while the daemon is still up.
    after(async () => {
      assert.equal((await daemon().client.listJobs()).jobs.length, 0, 'no request created a job');
    });
    const daemon = useJobDaemon({ shared: true });

    const cases: Array<[string, Parameters<JobDaemon['install']>[0], RegExp]> = [
      ['no role', { role: AgentRole.UNSPECIFIED }, /^role is required: AGENT_ROLE_MOBILITY_SERVICE \(MS\) or AGENT_ROLE_MASTER_TARGET \(MT\)$/],
      ['an unknown role number', { role: 7 as AgentRole }, /^role 7 is not an agent role: use AGENT_ROLE_MOBILITY_SERVICE \(MS\) or AGENT_ROLE_MASTER_TARGET \(MT\)$/],
      ['no platform', { platform: Platform.UNSPECIFIED }, /^platform is required: PLATFORM_VMWARE/],
      ['a relative install location', { installLocation: 'usr/local/ASR' }, /^install_location "usr\/local\/ASR" is refused: it is not an absolute path/],
      ['a shell metacharacter in the location', { installLocation: '/opt/asr;reboot' }, /^install_location "\/opt\/asr;reboot" is refused: it contains the shell metacharacter ";"/],
      ['a ".." in the location', { installLocation: '/opt/../etc' }, /contains a "\.\." segment/],
      ['a host name for the configuration server', { registration: { csEndpoint: 'cs.example.com', passphraseSource: { case: 'passphrase', value: 'x' } } }, /^cs_endpoint "cs\.example\.com" is refused: host names are not accepted/],
      ['an IP with a port', { registration: { csEndpoint: '10.0.0.5:443', passphraseSource: { case: 'passphrase', value: 'x' } } }, /a port is not accepted/],
      ['a registration without passphrase', { registration: { csEndpoint: '10.0.0.5' } }, /^registration needs the passphrase: passphrase_file \(a file on the host\) or passphrase$/],
      ['a relative passphrase file', { registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphraseFile', value: 'pass.txt' } } }, /^registration\.passphrase_file must be the absolute path/],
      ['a multi-line passphrase', { registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: 'a\nb' } } }, /^registration\.passphrase contains control characters/],
      ['an over-long request id', { requestId: 'r'.repeat(129) }, /^request_id must be at most 128 characters/],
    ];
    for (const [what, request, message] of cases) {
      it(`refuses ${what}`, async () => {
        await expectGrpcError(daemon().install(request), status.INVALID_ARGUMENT, message);
      });
    }

    it('accepts IPv6 configuration servers (refused later only for the passphrase file outside the passphrase folders)', async () => {
      await expectGrpcError(
        daemon().install({ registration: { csEndpoint: 'fd00::10', passphraseSource: { case: 'passphraseFile', value: '/etc/nope' } } }),
        status.FAILED_PRECONDITION,
        /^registration\.passphrase_file "\/etc\/nope" is refused: mobilityd reads a passphrase file only when/,
      );
    });
  });

  describe('hosts and repositories: FAILED_PRECONDITION', () => {
    let t: JobDaemon | undefined;
    let sandbox: Sandbox | undefined;
    afterEach(async () => {
      await t?.stop();
      sandbox?.remove();
      t = sandbox = undefined;
    });

    async function daemonFor(system: string, versions: string[] = []): Promise<JobDaemon> {
      sandbox = sandboxOf(system);
      t = await startJobDaemon({ sandbox, versions });
      return t;
    }

    for (const [system, tag] of [['rhel-5', 'RHEL5-64'], ['debian-7', 'DEBIAN7-64'], ['sles-11-sp3', 'SLES11-SP3-64']]) {
      it(`a manual-installer OS (${system}) without its package: download the latest installer into the repository folder`, async () => {
        const d = await daemonFor(system);
        const os = (await d.client.getStatus()).os!;
        assert.equal(os.installerOsTag, tag);
        const folder = d.daemon.packages.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        await expectGrpcError(
          d.install(),
          status.FAILED_PRECONDITION,
          new RegExp(`needs a hand-placed installer: .*Download the latest Mobility service installer for ${tag} and put it in the repository folder ${folder}, then install again$`),
        );
      });
    }

    it('a manual-installer OS with the hand-placed package installs', async () => {
      const d = await daemonFor('rhel-5');
      const name = makeScriptedPackage(d.daemon.packages.dir, '9.40.0.0', 'echo "All prerequisite checks passed"; exit 0', 'RHEL5-64');
      const job = await d.finish((await d.install()).id);
      assert.equal(job.state, JobState.SUCCEEDED, job.message);
      assert.equal((job.request.value as { packageName: string }).packageName, name);
    });

    it('an unsupported OS is refused with the reason', async () => {
      const d = await daemonFor('fedora-39', ['9.40.0.0']);
      await expectGrpcError(d.install(), status.FAILED_PRECONDITION, /^Fedora Linux 39 is not supported by the Mobility service; supported operating systems: .*Ubuntu 14\.04, 16\.04, 18\.04 and 20\.04/);
    });

    it('a supported OS with no package for it: names the folder and mobilityctl push', async () => {
      const d = await daemonFor('ubuntu-20.04');
      const folder = d.daemon.packages.dir;
      const err = await expectGrpcError(d.install(), status.FAILED_PRECONDITION, /^there is no installer package for UBUNTU-20\.04-64 in the repository folder /);
      assert.ok(err.rawMessage.includes(folder), err.rawMessage);
      assert.match(err.rawMessage, /`mobilityctl push <package file>`/);
    });

    it('a named package for another OS is refused; an unknown one is NOT_FOUND', async () => {
      const d = await daemonFor('ubuntu-20.04');
      const rhel = makeScriptedPackage(d.daemon.packages.dir, '9.40.0.0', 'exit 0', 'RHEL7-64');
      await expectGrpcError(d.install({ packageName: rhel }), status.FAILED_PRECONDITION, /^package .*RHEL7-64.* is for RHEL7-64; this host \(Ubuntu 20\.04\.6 LTS\) needs a UBUNTU-20\.04-64 package$/);
      await expectGrpcError(d.install({ packageName: 'Microsoft-ASR_UA_9.99.0.0_UBUNTU-20.04-64_GA_01Jan2021_release.tar.gz' }), status.NOT_FOUND, /9\.99\.0\.0/);
    });

    it('an upgrade keeps the installed location: another explicit location is refused', async () => {
      const d = await daemonFor('ubuntu-20.04', ['9.30.0.0', '9.40.0.0']);
      const first = await d.finish((await d.install({ packageName: (await d.client.listPackages()).packages.find((p) => p.version === '9.30.0.0')!.name })).id);
      assert.equal(first.state, JobState.SUCCEEDED, first.message);
      await expectGrpcError(d.install({ installLocation: '/opt/elsewhere' }), status.FAILED_PRECONDITION, /^the agent is installed in \/usr\/local\/ASR; an upgrade keeps it there/);
      const same = await d.finish((await d.install({ installLocation: '/usr/local/ASR' })).id);
      assert.equal(same.state, JobState.SUCCEEDED, same.message);
    });
  });
});
