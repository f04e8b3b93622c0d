/** The command lines of DOMAIN.md, argument by argument, for Linux and Windows, fresh and upgrade. */
import assert from 'node:assert/strict';
import { AgentRole, Platform } from '../gen/mobility/v1/agent_control_pb';
import { AppError } from '../server/core/errors/app-error';
import {
  linuxConfiguratorCommand,
  linuxExtractCommand,
  linuxInstallCommand,
  windowsConfiguratorCommand,
  windowsExtractCommand,
  windowsInstallCommand,
} from '../server/core/installer/installer-commands';

const PROGRAM_FILES = 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery';

describe('installer commands: Linux', () => {
  it('extracts with tar -xzf <package> -C <folder>', () => {
    assert.deepEqual(linuxExtractCommand('/var/lib/mobilityd/repository/p.tar.gz', '/var/lib/mobilityd/work/j1/package'), {
      file: 'tar',
      args: ['-xzf', '/var/lib/mobilityd/repository/p.tar.gz', '-C', '/var/lib/mobilityd/work/j1/package'],
    });
  });

  it('installs fresh with ./install -d <location> -r MS -v VmWare -q, in the extracted folder', () => {
    const command = linuxInstallCommand({
      extractedDir: '/w/package',
      location: '/usr/local/ASR',
      role: AgentRole.MOBILITY_SERVICE,
      platform: Platform.VMWARE,
      upgrade: false,
    });
    assert.deepEqual(command, {
      file: '/w/package/install',
      args: ['-d', '/usr/local/ASR', '-r', 'MS', '-v', 'VmWare', '-q'],
      cwd: '/w/package',
    });
  });

  it('sends MT and Azure as the installer spells them', () => {
    const command = linuxInstallCommand({
      extractedDir: '/w/package',
      location: '/opt/asr',
      role: AgentRole.MASTER_TARGET,
      platform: Platform.AZURE,
      upgrade: false,
    });
    assert.deepEqual(command.args, ['-d', '/opt/asr', '-r', 'MT', '-v', 'Azure', '-q']);
  });

  it('upgrades with only the platform and silent options', () => {
    const command = linuxInstallCommand({
      extractedDir: '/w/package',
      location: '/usr/local/ASR',
      role: AgentRole.MOBILITY_SERVICE,
      platform: Platform.VMWARE,
      upgrade: true,
    });
    assert.deepEqual(command, { file: '/w/package/install', args: ['-v', 'VmWare', '-q'], cwd: '/w/package' });
  });

  it('refuses to build a fresh install without role or platform', () => {
    const base = { extractedDir: '/w', location: '/usr/local/ASR', upgrade: false };
    assert.throws(
      () => linuxInstallCommand({ ...base, role: AgentRole.UNSPECIFIED, platform: Platform.VMWARE }),
      (err: AppError) => err.code === 'invalid_argument' && /role is required/.test(err.message),
    );
    assert.throws(
      () => linuxInstallCommand({ ...base, role: AgentRole.MOBILITY_SERVICE, platform: Platform.UNSPECIFIED }),
      (err: AppError) => err.code === 'invalid_argument' && /platform is required/.test(err.message),
    );
  });

  it('registers with <location>/Vx/bin/UnifiedAgentConfigurator.sh -i <ip> -P <file>', () => {
    const command = linuxConfiguratorCommand({
      location: '/usr/local/ASR',
      csEndpoint: '10.0.0.5',
      passphraseFile: '/var/passphrase.txt',
    });
    assert.deepEqual(command, {
      file: '/usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh',
      args: ['-i', '10.0.0.5', '-P', '/var/passphrase.txt'],
    });
  });
});

describe('installer commands: Windows', () => {
  it('extracts with <installer>.exe /q /x:<folder>', () => {
    assert.deepEqual(windowsExtractCommand('C:\\Temp\\MobilityServiceInstaller.exe', 'C:\\Temp\\Extracted'), {
      file: 'C:\\Temp\\MobilityServiceInstaller.exe',
      args: ['/q', '/x:C:\\Temp\\Extracted'],
    });
  });

  it('installs fresh with UnifiedAgent.exe /Role MS /InstallLocation <loc> /Platform VmWare /Silent', () => {
    const command = windowsInstallCommand({
      extractedDir: 'C:\\Temp\\Extracted',
      location: PROGRAM_FILES,
      role: AgentRole.MOBILITY_SERVICE,
      platform: Platform.VMWARE,
      upgrade: false,
    });
    assert.deepEqual(command, {
      file: 'C:\\Temp\\Extracted\\UnifiedAgent.exe',
      // The location is one argv entry, spaces and all: nothing is quoted by us.
      args: ['/Role', 'MS', '/InstallLocation', PROGRAM_FILES, '/Platform', 'VmWare', '/Silent'],
      cwd: 'C:\\Temp\\Extracted',
    });
  });

  it('sends MT and Azure', () => {
    const command = windowsInstallCommand({
      extractedDir: 'C:\\Temp\\Extracted',
      location: 'D:\\ASR',
      role: AgentRole.MASTER_TARGET,
      platform: Platform.AZURE,
      upgrade: false,
    });
    assert.deepEqual(command.args, ['/Role', 'MT', '/InstallLocation', 'D:\\ASR', '/Platform', 'Azure', '/Silent']);
  });

  it('upgrades with only /Platform and /Silent', () => {
    const command = windowsInstallCommand({
      extractedDir: 'C:\\Temp\\Extracted',
      location: PROGRAM_FILES,
      role: AgentRole.MOBILITY_SERVICE,
      platform: Platform.AZURE,
      upgrade: true,
    });
    assert.deepEqual(command.args, ['/Platform', 'Azure', '/Silent']);
    assert.equal(command.file, 'C:\\Temp\\Extracted\\UnifiedAgent.exe');
  });

  it('registers with <location>\\agent\\UnifiedAgentConfigurator.exe /CSEndPoint <ip> /PassphraseFilePath <file>, run in the agent folder', () => {
    const command = windowsConfiguratorCommand({
      location: PROGRAM_FILES,
      csEndpoint: 'fd00::10',
      passphraseFile: 'C:\\ProgramData\\mobilityd\\secrets\\x.passphrase',
    });
    assert.deepEqual(command, {
      file: `${PROGRAM_FILES}\\agent\\UnifiedAgentConfigurator.exe`,
      args: ['/CSEndPoint', 'fd00::10', '/PassphraseFilePath', 'C:\\ProgramData\\mobilityd\\secrets\\x.passphrase'],
      cwd: `${PROGRAM_FILES}\\agent`,
    });
  });
});
