/**
 * Parsers for the files a Linux host names itself in. /etc/os-release is the
 * standard, but the agent supports systems older than it (RHEL/CentOS 5 and 6,
 * SLES 11 SP3, Oracle Linux 6.4/6.5), so the distribution-specific release files
 * are parsed too. Each parser turns its file into the same OsIdentity.
 */
import { parseKeyValueLines } from '../files/key-value-lines';

/** What a release file says about the OS, before classification. */
export interface OsIdentity {
  /** Distribution id in os-release terms: "rhel", "centos", "ol", "sles", "ubuntu", "debian", ... */
  id: string;
  /** Machine-readable version: "7.9", "20.04", "11.4" (SLES 11 SP4), "8". */
  versionId: string;
  /** The distribution's name, e.g. "Red Hat Enterprise Linux Server". */
  name: string;
  /** The full human-readable name, e.g. "Ubuntu 20.04.6 LTS". */
  prettyName: string;
  /** The embedded default's sample root marks itself so clients do not mistake it for a real machine. */
  sampleHost: boolean;
}

/** Host paths of the release files, in the order they are trusted. */
export const OS_RELEASE_FILE = '/etc/os-release';
export const ORACLE_RELEASE_FILE = '/etc/oracle-release';
export const REDHAT_RELEASE_FILE = '/etc/redhat-release';
export const SUSE_RELEASE_FILE = '/etc/SuSE-release';

export function parseOsRelease(text: string): OsIdentity {
  const v = parseKeyValueLines(text);
  const name = v.get('NAME') ?? 'Linux';
  const versionId = v.get('VERSION_ID') ?? '';
  return {
    id: (v.get('ID') ?? 'linux').toLowerCase(),
    versionId,
    name,
    prettyName: v.get('PRETTY_NAME') ?? `${name} ${versionId}`.trim(),
    sampleHost: v.get('MOBILITY_SAMPLE_HOST') === '1',
  };
}

/** "Oracle Linux Server release 6.5" (Oracle Linux 6 before os-release existed). */
export function parseOracleRelease(text: string): OsIdentity | undefined {
  const line = firstLine(text);
  const match = /^(.*?)\s+release\s+(\d+(?:\.\d+)*)/i.exec(line);
  if (!match) return undefined;
  return { id: 'ol', versionId: match[2], name: match[1], prettyName: line, sampleHost: false };
}

/**
 * "Red Hat Enterprise Linux Server release 5.11 (Tikanga)", "CentOS release 6.10 (Final)",
 * "CentOS Linux release 7.9.2009 (Core)". The id comes from the product name.
 */
export function parseRedhatRelease(text: string): OsIdentity | undefined {
  const line = firstLine(text);
  const match = /^(.*?)\s+release\s+(\d+(?:\.\d+)*)/i.exec(line);
  if (!match) return undefined;
  return { id: redhatFamilyId(match[1]), versionId: match[2], name: match[1], prettyName: line, sampleHost: false };
}

function redhatFamilyId(name: string): string {
  if (/^Red Hat Enterprise Linux/i.test(name)) return 'rhel';
  if (/^CentOS/i.test(name)) return 'centos';
  if (/^Oracle/i.test(name)) return 'ol';
  if (/^Fedora/i.test(name)) return 'fedora';
  if (/^Scientific/i.test(name)) return 'scientific';
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * SLES 11 and older: "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 3".
 * The version becomes "11.3", the form SLES's own os-release uses for SP3.
 */
export function parseSuseRelease(text: string): OsIdentity | undefined {
  const line = firstLine(text);
  const values = parseKeyValueLines(text);
  const version = values.get('VERSION') ?? /\b(\d+)\b/.exec(line)?.[1];
  if (!line || !version) return undefined;
  const patch = values.get('PATCHLEVEL');
  const name = line.replace(/\s*\([^)]*\)\s*$/, '').replace(/\s+\d+(\.\d+)?$/, '');
  const versionId = patch && patch !== '0' ? `${version}.${patch}` : version;
  return { id: suseFamilyId(name), versionId, name, prettyName: `${name} ${slesVersionLabel(versionId)}`, sampleHost: false };
}

function suseFamilyId(name: string): string {
  if (/Enterprise Server/i.test(name)) return 'sles';
  if (/Enterprise Desktop/i.test(name)) return 'sled';
  return 'opensuse';
}

/** SLES writes service packs as minor versions ("12.3"); people and the installer table say "12 SP3". */
export function slesVersionLabel(versionId: string): string {
  const [major, sp] = versionId.split('.');
  return sp && sp !== '0' ? `${major} SP${sp}` : major;
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim();
}
