/**
 * The exact documented command lines, as program + argv. Pure: nothing here
 * touches the host. Every argument is its own argv entry, never joined into a
 * string and never quoted by us: no shell ever sees them (values are checked
 * first: install/install-options.ts, register/cs-endpoint.ts). Used by both
 * workflows: extraction and the installer for Install, the configurator for
 * Register and an Install's REGISTER step.
 */
import * as path from 'node:path';
import { AgentRole, Platform } from '../../../gen/mobility/v1/agent_control_pb';
import { invalidArgument } from '../errors/app-error';

export interface Command {
  /** The program to start (an absolute path, or a name looked up in PATH). */
  file: string;
  args: string[];
  /** Working folder; the daemon's own when absent. */
  cwd?: string;
}

export interface InstallCommandInput {
  /** The folder the package was extracted into. */
  extractedDir: string;
  /** Where the agent goes (already validated and resolved under the host root). */
  location: string;
  role: AgentRole;
  platform: Platform;
  /** True when the agent is already installed: the installer then takes only platform and silent. */
  upgrade: boolean;
}

export interface ConfiguratorCommandInput {
  /** The agent's install location. */
  location: string;
  /** The configuration server's IP address (validated). */
  csEndpoint: string;
  /** Absolute path of the file holding the passphrase. */
  passphraseFile: string;
}

/** Always MS or MT: installer 9.48 rejects the newer spelling "Agent". */
export function roleFlag(role: AgentRole): 'MS' | 'MT' {
  if (role === AgentRole.MOBILITY_SERVICE) return 'MS';
  if (role === AgentRole.MASTER_TARGET) return 'MT';
  throw invalidArgument('role is required: MS (mobility service) or MT (master target)');
}

/** The installer's own spelling, "VmWare" with that odd capital W. */
export function platformFlag(platform: Platform): 'VmWare' | 'Azure' {
  if (platform === Platform.VMWARE) return 'VmWare';
  if (platform === Platform.AZURE) return 'Azure';
  throw invalidArgument('platform is required: VmWare (VMware VMs and physical servers) or Azure (Azure VMs)');
}

/** tar -xzf <package> -C <folder>; GNU tar refuses absolute and ".." member names by itself. */
export function linuxExtractCommand(packagePath: string, intoDir: string): Command {
  return { file: 'tar', args: ['-xzf', packagePath, '-C', intoDir] };
}

/** ./install, run in the extracted folder (the script finds its files relative to it). */
export function linuxInstallCommand(input: InstallCommandInput): Command {
  const { extractedDir, location, role, platform, upgrade } = input;
  const args = upgrade
    ? ['-v', platformFlag(platform), '-q']
    : ['-d', location, '-r', roleFlag(role), '-v', platformFlag(platform), '-q'];
  return { file: path.posix.join(extractedDir, 'install'), args, cwd: extractedDir };
}

/** <location>/Vx/bin/UnifiedAgentConfigurator.sh -i <ip> -P <file> */
export function linuxConfiguratorCommand(input: ConfiguratorCommandInput): Command {
  return {
    file: path.posix.join(input.location, 'Vx', 'bin', 'UnifiedAgentConfigurator.sh'),
    args: ['-i', input.csEndpoint, '-P', input.passphraseFile],
  };
}

/** <installer>.exe /q /x:<folder>: the self-extractor unpacks silently. */
export function windowsExtractCommand(installerExe: string, intoDir: string): Command {
  return { file: installerExe, args: ['/q', `/x:${intoDir}`] };
}

/** <folder>\UnifiedAgent.exe /Role MS /InstallLocation <loc> /Platform VmWare /Silent */
export function windowsInstallCommand(input: InstallCommandInput): Command {
  const { extractedDir, location, role, platform, upgrade } = input;
  const args = upgrade
    ? ['/Platform', platformFlag(platform), '/Silent']
    : ['/Role', roleFlag(role), '/InstallLocation', location, '/Platform', platformFlag(platform), '/Silent'];
  return { file: path.win32.join(extractedDir, 'UnifiedAgent.exe'), args, cwd: extractedDir };
}

/** Run from <location>\agent, as the documented "cd ...\agent" does. */
export function windowsConfiguratorCommand(input: ConfiguratorCommandInput): Command {
  const agentDir = path.win32.join(input.location, 'agent');
  return {
    file: path.win32.join(agentDir, 'UnifiedAgentConfigurator.exe'),
    args: ['/CSEndPoint', input.csEndpoint, '/PassphraseFilePath', input.passphraseFile],
    cwd: agentDir,
  };
}
