/**
 * Whether the agent is installed and registered, from the traces it leaves on
 * the host (as Microsoft documents them): Linux /usr/local/.vx_version; Windows the MSI uninstall
 * key and "InMage Systems\Installed Products\5" in the registry.
 */
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AgentInfoSchema, RegistrationState, type AgentInfo } from '../../../gen/mobility/v1/agent_control_pb';
import { hostPath, type DaemonConfig } from '../config/daemon-config';
import { asHostPath } from '../config/host-paths';
import { ParsedFileCache } from '../files/parsed-file-cache';
import type { RegistryReader } from '../os/windows-os';
import { parseAgentPlatform, parseAgentRole, parseConfigurationStatus, parseInstallTime } from './agent-fields';
import { parseVxVersion, VX_VERSION_FILE } from './vx-version';

const vxVersionCache = new ParsedFileCache(parseVxVersion, "the agent's version file");

/** Linux: a missing .vx_version means the agent is not installed. */
export function probeLinuxAgent(config: Pick<DaemonConfig, 'root' | 'platform'>): AgentInfo {
  const vx = vxVersionCache.read(hostPath(config, VX_VERSION_FILE))?.value;
  if (!vx) return create(AgentInfoSchema, { installed: false, registration: RegistrationState.NOT_INSTALLED });
  return create(AgentInfoSchema, {
    installed: true,
    version: vx.version,
    role: vx.role,
    platform: vx.platform,
    // Shown as the host sees it, whether the file recorded it so or under a sandbox root.
    installLocation: asHostPath(config, vx.installLocation),
    registration: vx.registration,
    csEndpoint: vx.csEndpoint,
    source: VX_VERSION_FILE,
    installTime: vx.installTime ? timestampFromDate(vx.installTime) : undefined,
  });
}

export const WINDOWS_UNINSTALL_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{275197FC-14FD-4560-A5EB-38217F80CBD1}',
  // The installer is a 32-bit MSI; on 64-bit Windows its key may sit in the WOW64 view.
  'HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{275197FC-14FD-4560-A5EB-38217F80CBD1}',
];
export const WINDOWS_PRODUCT_KEY = 'HKLM\\SOFTWARE\\Wow6432Node\\InMage Systems\\Installed Products\\5';
/** The values read from the product key and from the uninstall key, in the order the probe uses them. */
export const WINDOWS_PRODUCT_VALUES = ['PostInstallActions', 'AgentConfigurationStatus', 'Version', 'InstallDirectory', 'InstallPath', 'Role', 'Platform'];
export const WINDOWS_UNINSTALL_VALUES = ['DisplayVersion', 'InstallLocation', 'InstallDate'];

/**
 * Windows: installed when the uninstall key exists and PostInstallActions is
 * Succeeded (Microsoft's deployment script treats anything else as "install
 * again"); registered when AgentConfigurationStatus is Succeeded.
 */
export async function probeWindowsAgent(registry: RegistryReader): Promise<AgentInfo> {
  const uninstallKey = await firstExistingKey(registry, WINDOWS_UNINSTALL_KEYS);
  if (!uninstallKey) return create(AgentInfoSchema, { installed: false, registration: RegistrationState.NOT_INSTALLED });
  const product = (name: string) => registry.getValue(WINDOWS_PRODUCT_KEY, name);
  const [postInstall, configuration, version, installDir, installPath, role, platform] = await Promise.all(
    WINDOWS_PRODUCT_VALUES.map(product),
  );
  const [displayVersion, installLocation, installDate] = await Promise.all(
    WINDOWS_UNINSTALL_VALUES.map((name) => registry.getValue(uninstallKey, name)),
  );
  const installed = (postInstall ?? '').trim().toLowerCase() === 'succeeded';
  const installTime = parseInstallTime(installDate);
  return create(AgentInfoSchema, {
    installed,
    version: version ?? displayVersion ?? '',
    role: parseAgentRole(role),
    platform: parseAgentPlatform(platform),
    installLocation: installDir ?? installPath ?? installLocation ?? '',
    registration: installed ? parseConfigurationStatus(configuration) : RegistrationState.NOT_INSTALLED,
    source: WINDOWS_PRODUCT_KEY,
    installTime: installTime ? timestampFromDate(installTime) : undefined,
  });
}

async function firstExistingKey(registry: RegistryReader, keys: string[]): Promise<string | undefined> {
  for (const key of keys) if (await registry.keyExists(key)) return key;
  return undefined;
}
