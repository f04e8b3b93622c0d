/**
 * Identifies a Windows host from the registry. The registry sits behind the
 * RegistryReader adapter, so the rules are unit-tested anywhere with an
 * in-memory reader and the real one (reg.exe) runs only on Windows.
 */
import { create } from '@bufbuild/protobuf';
import { OsFamily, OsInfoSchema, type OsInfo } from '../../../gen/mobility/v1/agent_control_pb';
import { classifyInstallerOs, is64BitArchitecture } from './installer-os-table';
import { verdictFields } from './support-status';

/** Reads registry values; keys are full paths such as "HKLM\\SOFTWARE\\...". */
export interface RegistryReader {
  /** The value as text, or undefined when the key or the value does not exist. */
  getValue(key: string, name: string): Promise<string | undefined>;
  /** Whether the key exists (it may have no values). */
  keyExists(key: string): Promise<boolean>;
}

export const WINDOWS_VERSION_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

/**
 * Server releases by build number. The build is more trustworthy than
 * ProductName, which Microsoft stopped updating on some releases.
 */
const SERVER_RELEASES: Record<number, string> = {
  6001: '2008',
  6002: '2008 SP2',
  6003: '2008 SP2',
  7600: '2008 R2',
  7601: '2008 R2 SP1',
  9200: '2012',
  9600: '2012 R2',
  14393: '2016',
  17763: '2019',
  20348: '2022',
  26100: '2025',
};

export async function detectWindowsOs(registry: RegistryReader, architecture: string): Promise<OsInfo> {
  const [productName, currentBuild, buildNumber, csdVersion] = await Promise.all([
    registry.getValue(WINDOWS_VERSION_KEY, 'ProductName'),
    registry.getValue(WINDOWS_VERSION_KEY, 'CurrentBuild'),
    registry.getValue(WINDOWS_VERSION_KEY, 'CurrentBuildNumber'),
    registry.getValue(WINDOWS_VERSION_KEY, 'CSDVersion'),
  ]);
  const product = productName ?? 'Windows';
  const build = Number.parseInt(currentBuild ?? buildNumber ?? '', 10);
  const isServer = /\bServer\b/i.test(product);
  const release = isServer ? serverRelease(product, build, csdVersion) : desktopRelease(product);
  const arch = normaliseWindowsArchitecture(architecture);
  const verdict = classifyInstallerOs({
    id: isServer ? 'windows' : 'windows-desktop',
    version: release,
    architecture: arch,
    displayName: isServer ? 'Windows Server' : 'Windows',
  });
  const pretty = [product, csdVersion].filter(Boolean).join(' ');
  return create(OsInfoSchema, {
    family: OsFamily.WINDOWS,
    name: product,
    version: release,
    prettyName: Number.isFinite(build) ? `${pretty} (build ${build})` : pretty,
    architecture: arch,
    is64Bit: is64BitArchitecture(arch),
    ...verdictFields(verdict),
    source: WINDOWS_VERSION_KEY,
  });
}

/** "2016", "2012 R2", "2008 R2 SP1": the build decides, ProductName and CSDVersion fill gaps. */
export function serverRelease(productName: string, build: number, csdVersion?: string): string {
  const byBuild = SERVER_RELEASES[build];
  if (byBuild) return byBuild;
  const named = /Server\s+(\d{4}(?:\s+R2)?)/i.exec(productName)?.[1] ?? productName;
  const sp = /Service Pack (\d+)/i.exec(csdVersion ?? '')?.[1];
  return sp ? `${named} SP${sp}` : named;
}

function desktopRelease(productName: string): string {
  return /Windows\s+(\S+)/i.exec(productName)?.[1] ?? productName;
}

/** Windows names x86-64 "AMD64"; report it as Linux and the table do. */
export function normaliseWindowsArchitecture(architecture: string): string {
  const lower = architecture.toLowerCase();
  if (lower === 'amd64' || lower === 'x64') return 'x86_64';
  if (lower === 'x86') return 'i686';
  return architecture;
}
