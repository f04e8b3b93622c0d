/**
 * Identifies a Linux host from the release files under the daemon's root and
 * places it in the installer table. The architecture is a parameter (the
 * caller passes os.machine()) so the 32-bit rules are testable on any machine.
 */
import { create } from '@bufbuild/protobuf';
import { OsFamily, OsInfoSchema, SupportStatus, type OsInfo } from '../../../gen/mobility/v1/agent_control_pb';
import { hostPath, type DaemonConfig } from '../config/daemon-config';
import { ParsedFileCache } from '../files/parsed-file-cache';
import { classifyInstallerOs, is64BitArchitecture } from './installer-os-table';
import {
  ORACLE_RELEASE_FILE,
  OS_RELEASE_FILE,
  REDHAT_RELEASE_FILE,
  SUSE_RELEASE_FILE,
  parseOracleRelease,
  parseOsRelease,
  parseRedhatRelease,
  parseSuseRelease,
  slesVersionLabel,
  type OsIdentity,
} from './os-release';
import { verdictFields } from './support-status';

interface ReleaseSource {
  file: string;
  cache: ParsedFileCache<OsIdentity | undefined>;
}

/**
 * Most trusted first. oracle-release comes before redhat-release because
 * Oracle Linux 6 also ships a redhat-release that claims to be RHEL.
 */
const SOURCES: ReleaseSource[] = [
  { file: OS_RELEASE_FILE, cache: new ParsedFileCache(parseOsRelease, 'the OS release file') },
  { file: ORACLE_RELEASE_FILE, cache: new ParsedFileCache(parseOracleRelease, 'the OS release file') },
  { file: REDHAT_RELEASE_FILE, cache: new ParsedFileCache(parseRedhatRelease, 'the OS release file') },
  { file: SUSE_RELEASE_FILE, cache: new ParsedFileCache(parseSuseRelease, 'the OS release file') },
];

/** The host's OS now. Never throws for an unknown OS; throws AppError when a release file cannot be read. */
export function detectLinuxOs(config: Pick<DaemonConfig, 'root'>, architecture: string): OsInfo {
  for (const source of SOURCES) {
    const identity = source.cache.read(hostPath(config, source.file))?.value;
    if (identity) return cachedOsInfo(identity, source.file, architecture);
  }
  return unidentifiedLinux(config.root, architecture);
}

/**
 * The OsInfo built from one parsed file, reused while the file is unchanged
 * (a re-parse makes a new identity object). Responses only read it.
 */
const built = new WeakMap<OsIdentity, OsInfo>();

function cachedOsInfo(identity: OsIdentity, source: string, architecture: string): OsInfo {
  const hit = built.get(identity);
  if (hit && hit.architecture === architecture) return hit;
  const info = linuxOsInfo(identity, source, architecture);
  built.set(identity, info);
  return info;
}

export function linuxOsInfo(identity: OsIdentity, source: string, architecture: string): OsInfo {
  const verdict = classifyInstallerOs({
    id: identity.id,
    version: identity.versionId,
    architecture,
    displayName: identity.name,
  });
  return create(OsInfoSchema, {
    family: OsFamily.LINUX,
    name: identity.name,
    version: identity.id === 'sles' ? slesVersionLabel(identity.versionId) : identity.versionId,
    prettyName: identity.prettyName,
    architecture,
    is64Bit: is64BitArchitecture(architecture),
    ...verdictFields(verdict),
    source,
    sampleHost: identity.sampleHost,
  });
}

function unidentifiedLinux(root: string, architecture: string): OsInfo {
  const files = SOURCES.map((s) => s.file);
  const list = `${files.slice(0, -1).join(', ')} or ${files[files.length - 1]}`;
  return create(OsInfoSchema, {
    family: OsFamily.LINUX,
    architecture,
    is64Bit: is64BitArchitecture(architecture),
    support: SupportStatus.UNSUPPORTED,
    supportReason:
      `cannot identify the operating system: no ${list} under ${root}; ` +
      'the Mobility service supports only the systems in its installer table, so make sure the host root is right',
  });
}
