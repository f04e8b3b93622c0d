/** The documented command lines (docs/agent-reference.md, "Command lines"), argument by argument, for Linux and Windows, fresh and upgrade. */
import assert from 'node:assert/strict';
import { AgentRole, Platform } from '../../gen/mobility/v1/agent_control_pb';
import { AppError } from '../../server/core/errors/app-error';
import {
  linuxConfiguratorCommand,
  linuxExtractCommand,
  linuxInstallCommand,
  windowsConfiguratorCommand,
  windowsExtractCommand,
  windowsInstallCommand,
} from '../../server/core/agent-programs/installer-commands';

const PROGRAM_FILES = 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery';

describe('installer commands: Linux', () => {
  it('extracts with tar -xzf <package> -C <folder>', () => {
    assert.deepEqual(linuxExtractCommand('/var/lib/mobilityd/repository/p.tar.gz', '/var/lib/mobilityd/work/j1/package'), {
      file: 'tar',
      args: ['-xzf', '/var/lib/mobilityd/repository/p.tar.gz', '-C', '/var/lib/mobilityd/work/j1/package'],
    });
  });

  const installs: Array<[string, Parameters<typeof linuxInstallCommand>[0], ReturnType<typeof linuxInstallCommand>]> = [
    [
      'installs fresh with ./install -d <location> -r MS -v VmWare -q, in the extracted folder',
      { extractedDir: '/w/package', location: '/usr/local/ASR', role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, upgrade: false },
      { file: '/w/package/install', args: ['-d', '/usr/local/ASR', '-r', 'MS', '-v', 'VmWare', '-q'], cwd: '/w/package' },
    ],
    [
      'sends MT and Azure as the installer spells them',
      { extractedDir: '/w/package', location: '/opt/asr', role: AgentRole.MASTER_TARGET, platform: Platform.AZURE, upgrade: false },
      { file: '/w/package/install', args: ['-d', '/opt/asr', '-r', 'MT', '-v', 'Azure', '-q'], cwd: '/w/package' },
    ],
    [
      'upgrades with only the platform and silent options',
      { extractedDir: '/w/package', location: '/usr/local/ASR', role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, upgrade: true },
      { file: '/w/package/install', args: ['-v', 'VmWare', '-q'], cwd: '/w/package' },
    ],
  ];
  for (const [what, request, command] of installs) {
    it(what, () => assert.deepEqual(linuxInstallCommand(request), command));
  }

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

  const installs: Array<[string, Parameters<typeof windowsInstallCommand>[0], ReturnType<typeof windowsInstallCommand>]> = [
    [
      'installs fresh with UnifiedAgent.exe /Role MS /InstallLocation <loc> /Platform VmWare /Silent',
      { extractedDir: 'C:\\Temp\\Extracted', location: PROGRAM_FILES, role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, upgrade: false },
      // The location is one argv entry, spaces and all: nothing is quoted by us.
      { file: 'C:\\Temp\\Extracted\\UnifiedAgent.exe', args: ['/Role', 'MS', '/InstallLocation', PROGRAM_FILES, '/Platform', 'VmWare', '/Silent'], cwd: 'C:\\Temp\\Extracted' },
    ],
    [
      'sends MT and Azure',
      { extractedDir: 'C:\\Temp\\Extracted', location: 'D:\\ASR', role: AgentRole.MASTER_TARGET, platform: Platform.AZURE, upgrade: false },
      { file: 'C:\\Temp\\Extracted\\UnifiedAgent.exe', args: ['/Role', 'MT', '/InstallLocation', 'D:\\ASR', '/Platform', 'Azure', '/Silent'], cwd: 'C:\\Temp\\Extracted' },
    ],
    [
      'upgrades with only /Platform and /Silent',
      { extractedDir: 'C:\\Temp\\Extracted', location: PROGRAM_FILES, role: AgentRole.MOBILITY_SERVICE, platform: Platform.AZURE, upgrade: true },
      { file: 'C:\\Temp\\Extracted\\UnifiedAgent.exe', args: ['/Platform', 'Azure', '/Silent'], cwd: 'C:\\Temp\\Extracted' },
    ],
  ];
  for (const [what, request, command] of installs) {
    it(what, () => assert.deepEqual(windowsInstallCommand(request), command));
  }

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
