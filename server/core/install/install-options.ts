/**
 * What a person may ask the installer for, checked before anything runs: the
 * role, the platform and the install location (the configuration server of a
 * registration: register/cs-endpoint.ts).
 * Every value ends up as one argv entry of the real Microsoft installer, which
 * is a shell script on Linux, so mobilityd refuses risky values instead of
 * trying to quote them.
 */
import * as path from 'node:path';
import { AgentRole, Platform } from '../../../gen/mobility/v1/agent_control_pb';
import { invalidArgument } from '../errors/app-error';
import { quoteValue } from '../../../contract/quote-value';

export type InstallerOs = 'linux' | 'windows';

const ROLE_SPELLINGS = 'MS, Agent or "Mobility service" (mobility service); MT or MasterTarget (master target)';
const PLATFORM_SPELLINGS = 'VmWare (also VMware, physical) for VMware VMs and physical servers; Azure for Azure VMs';

/** Case, spaces, hyphens and underscores do not matter: "Master target" = "MasterTarget". */
const squash = (text: string) => text.trim().toLowerCase().replace(/[\s_-]+/g, '');

/** A role as people write it; the newer documentation's words are accepted too. */
export function parseRole(text: string): AgentRole {
  const word = squash(text);
  if (word === 'ms' || word === 'agent' || word === 'mobilityservice') return AgentRole.MOBILITY_SERVICE;
  if (word === 'mt' || word === 'mastertarget') return AgentRole.MASTER_TARGET;
  if (!word) throw invalidArgument(`role is required: ${ROLE_SPELLINGS}`);
  throw invalidArgument(`role "${text.trim()}" is not a role; accepted spellings: ${ROLE_SPELLINGS}`);
}

/** "physical" maps to VmWare: physical servers (and Azure VMs managed as physical) use it. */
export function parsePlatform(text: string): Platform {
  const word = squash(text);
  if (word === 'vmware' || word === 'physical') return Platform.VMWARE;
  if (word === 'azure') return Platform.AZURE;
  if (!word) throw invalidArgument(`platform is required: ${PLATFORM_SPELLINGS}`);
  throw invalidArgument(`platform "${text.trim()}" is not a platform; accepted spellings: ${PLATFORM_SPELLINGS}`);
}

const ROLES = 'AGENT_ROLE_MOBILITY_SERVICE (MS) or AGENT_ROLE_MASTER_TARGET (MT)';
const PLATFORMS = 'PLATFORM_VMWARE (VMware VMs and physical servers) or PLATFORM_AZURE (Azure VMs)';

/** The request's role: MS or MT, never unspecified nor a number the API does not define. */
export function validateRole(role: AgentRole): AgentRole {
  if (role === AgentRole.MOBILITY_SERVICE || role === AgentRole.MASTER_TARGET) return role;
  if (role === AgentRole.UNSPECIFIED) throw invalidArgument(`role is required: ${ROLES}`);
  throw invalidArgument(`role ${role} is not an agent role: use ${ROLES}`);
}

/** The request's platform: VMware (and physical) or Azure, never unspecified nor a number the API does not define. */
export function validatePlatform(platform: Platform): Platform {
  if (platform === Platform.VMWARE || platform === Platform.AZURE) return platform;
  if (platform === Platform.UNSPECIFIED) throw invalidArgument(`platform is required: ${PLATFORMS}`);
  throw invalidArgument(`platform ${platform} is not a platform: use ${PLATFORMS}`);
}

/** The installers' documented defaults. */
export function defaultInstallLocation(os: InstallerOs): string {
  return os === 'windows' ? 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery' : '/usr/local/ASR';
}

/** The request's location, or the OS default when it is empty. */
export function resolveInstallLocation(location: string | undefined, os: InstallerOs): string {
  return location ? validateInstallLocation(location, os) : defaultInstallLocation(os);
}

export const MAX_INSTALL_LOCATION_LENGTH = 200;

/**
 * Allowed characters. Linux: the POSIX portable file-name set plus + and @;
 * no spaces, since the installer script may expand the path unquoted. Windows:
 * spaces and parentheses too, because the default "Program Files (x86)" has
 * them and Windows arguments reach the program without any shell.
 */
const ALLOWED: Record<InstallerOs, RegExp> = {
  linux: /^[A-Za-z0-9._+@/-]$/,
  windows: /^[A-Za-z0-9._+@ ()\\/-]$/,
};

const SHELL_METACHARACTERS = new Set([...';&|`$<>(){}[]*?!\'"\\~#%^=,:']);

/**
 * An absolute, normalized install location, or invalid_argument saying what is
 * wrong. Risky paths are refused, never quoted: the value is passed as one argv
 * entry with no shell, but the installer itself may use it in shell commands.
 */
export function validateInstallLocation(location: string, os: InstallerOs): string {
  const problem = locationProblem(location, os);
  if (problem) {
    throw invalidArgument(
      `install_location ${quoteValue(location)} is refused: it ${problem}. mobilityd refuses such paths rather than quoting them; ` +
        `give an absolute path such as ${defaultInstallLocation(os)}, or leave it empty for that default`,
    );
  }
  return normalizeLocation(location, os);
}

function locationProblem(location: string, os: InstallerOs): string | undefined {
  if (!location) return 'is empty';
  if (location.length > MAX_INSTALL_LOCATION_LENGTH) {
    return `is ${location.length} characters long (at most ${MAX_INSTALL_LOCATION_LENGTH})`;
  }
  const bad = firstBadCharacter(location, os);
  if (bad) return `contains ${bad}`;
  const notAbsolute = os === 'windows' ? windowsRootProblem(location) : linuxRootProblem(location);
  if (notAbsolute) return notAbsolute;
  return segmentProblem(location, os);
}

function firstBadCharacter(location: string, os: InstallerOs): string | undefined {
  // On Windows the drive's colon ("C:") is the one colon allowed.
  const body = os === 'windows' && /^[A-Za-z]:/.test(location) ? location.slice(2) : location;
  for (const ch of body) {
    if (!ALLOWED[os].test(ch)) return describeCharacter(ch);
  }
  return undefined;
}

function describeCharacter(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (${hex})`;
  if (ch === ' ') return 'a space';
  // Shown by number only: raw, a bidi control or a zero-width character would reorder or hide this very message.
  if (/[\p{Cf}\p{Z}]/u.test(ch)) return `the invisible character ${hex}`;
  if (ch === '\\') return 'a backslash';
  if (SHELL_METACHARACTERS.has(ch)) return `the shell metacharacter "${ch}"`;
  if (code > 0x7e) return `the non-ASCII character "${ch}" (${hex})`;
  return `the character "${ch}"`;
}

function linuxRootProblem(location: string): string | undefined {
  if (!location.startsWith('/')) return 'is not an absolute path (it must start with /)';
  return undefined;
}

function windowsRootProblem(location: string): string | undefined {
  if (/^[\\/]{2}/.test(location)) return 'is a network (UNC) path; the agent must be installed on a local drive';
  if (!/^[A-Za-z]:[\\/]/.test(location)) return 'is not an absolute path (it must start with a drive, e.g. C:\\)';
  return undefined;
}

const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

function segmentProblem(location: string, os: InstallerOs): string | undefined {
  const segments = location.split(os === 'windows' ? /[\\/]+/ : /\/+/).slice(1).filter(Boolean);
  if (segments.length === 0) return 'names the root of the file system, not a folder';
  for (const segment of segments) {
    if (segment === '.' || segment === '..') return `contains a "${segment}" segment`;
    if (os !== 'windows') continue;
    // Windows silently drops trailing dots and spaces, so the folder would differ from the one asked for.
    if (/[. ]$/.test(segment)) return `has a folder name ending in a dot or space ("${segment}")`;
    if (WINDOWS_DEVICE_NAMES.test(segment)) return `uses the reserved device name "${segment}"`;
  }
  return undefined;
}

function normalizeLocation(location: string, os: InstallerOs): string {
  const normalized = os === 'windows' ? path.win32.normalize(location) : path.posix.normalize(location);
  return normalized.replace(/[\\/]+$/, '');
}
