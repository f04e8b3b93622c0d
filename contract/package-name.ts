/**
 * Installer file names: Microsoft-ASR_UA_<version>_<OS>_GA_<date>_release.<exe|tar.gz>
 * (docs/agent-reference.md, "Installer package files"). The name is the only metadata a package has, and it also becomes
 * a path in the repository folder, so it is parsed strictly: anything that is
 * not exactly this shape (a path separator, "..", a stray character) is refused.
 * The rules are mobilityd's, and clients check them too before sending (one
 * parser for both sides, so they cannot drift).
 */
import { quoteValue } from './quote-value';

export interface PackageName {
  /** The file name as given. */
  name: string;
  /** Four dotted numbers, e.g. "9.30.0.0". */
  version: string;
  /** The installer OS tag, e.g. "UBUNTU-20.04-64" or "Windows". */
  osTag: string;
  /** DDMonYYYY, e.g. "22Oct2019". */
  releaseDate: string;
  /** The release date as a UTC midnight timestamp, for ordering. */
  releaseTime: number;
  extension: 'exe' | 'tar.gz';
}

export const NAME_PATTERN = 'Microsoft-ASR_UA_<version>_<OS>_GA_<date>_release.<exe|tar.gz>';
export const NAME_EXAMPLE = 'Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz';

/** Longest accepted name: most file systems stop at 255 bytes. */
const MAX_NAME_LENGTH = 255;

const SHAPE = /^Microsoft-ASR_UA_([^_]*)_([^_]*)_GA_([^_]*)_release\.(exe|tar\.gz)$/;
const VERSION = /^\d{1,6}(\.\d{1,6}){3}$/;
// Linux tags follow the table's style (RHEL7-64, UBUNTU-20.04-64, SLES11-SP4-64),
// including hand-placed ones the table does not list (RHEL5-64, DEBIAN7-64), so
// any upper-case tag ending in -64 is accepted rather than a fixed list.
const LINUX_TAG = /^[A-Z][A-Z0-9.-]*-64$/;
const WINDOWS_TAG = 'Windows';
const DATE = /^(\d{2})([A-Z][a-z]{2})(\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A name that is not an installer file name; the message says why and shows the pattern. */
export class PackageNameError extends Error {
  constructor(name: string, reason: string) {
    super(`package name ${quoteValue(name)} is not an installer file name: ${reason}. Names follow ${NAME_PATTERN}, e.g. ${NAME_EXAMPLE}`);
    this.name = 'PackageNameError';
  }
}

/** The parts of a package file name, or a PackageNameError saying what is wrong and showing the pattern. */
export function parsePackageName(name: string): PackageName {
  const problem = unsafeReason(name);
  if (problem) throw new PackageNameError(name, problem);
  const m = SHAPE.exec(name);
  if (!m) throw new PackageNameError(name, 'it does not have that shape');
  const [, version, osTag, releaseDate, extension] = m as unknown as [string, string, string, string, 'exe' | 'tar.gz'];
  if (!VERSION.test(version)) throw new PackageNameError(name, `the version ${quoteValue(version)} is not four dotted numbers (e.g. 9.30.0.0)`);
  const tagProblem = osTagProblem(osTag, extension);
  if (tagProblem) throw new PackageNameError(name, tagProblem);
  const releaseTime = parseReleaseDate(releaseDate);
  if (releaseTime === undefined) {
    throw new PackageNameError(name, `the release date ${quoteValue(releaseDate)} is not a real date written DDMonYYYY (e.g. 22Oct2019)`);
  }
  return { name, version, osTag, releaseDate, releaseTime, extension };
}

/** Why a name is not an installer file name, or undefined when it is one. */
export function packageNameProblem(name: string): string | undefined {
  try {
    parsePackageName(name);
    return undefined;
  } catch (err) {
    if (err instanceof PackageNameError) return err.message;
    throw err;
  }
}

/** The parts of a name, or undefined: for listing a folder that may hold other files. */
export function tryParsePackageName(name: string): PackageName | undefined {
  try {
    return parsePackageName(name);
  } catch (err) {
    if (err instanceof PackageNameError) return undefined;
    throw err;
  }
}

/** Checked before anything else: the name becomes a path inside the repository folder. */
function unsafeReason(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (/[/\\]/.test(name)) return 'a package name is a file name, never a path (it contains a path separator)';
  if (name.includes('..')) return 'it contains ".."';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'it contains a control character';
  return undefined;
}

/** `.exe` is the Windows installer; `.tar.gz` the Linux ones. */
function osTagProblem(osTag: string, extension: 'exe' | 'tar.gz'): string | undefined {
  if (extension === 'exe') {
    return osTag === WINDOWS_TAG ? undefined : `an .exe installer must have the OS tag "Windows", not ${quoteValue(osTag)}`;
  }
  if (osTag === WINDOWS_TAG) return 'the Windows installer is an .exe, not a .tar.gz';
  return LINUX_TAG.test(osTag)
    ? undefined
    : `the OS tag ${quoteValue(osTag)} is not a Linux installer tag (upper case, ending in -64, e.g. RHEL7-64, UBUNTU-20.04-64, SLES11-SP4-64)`;
}

/** DDMonYYYY as a UTC timestamp; undefined for a month or day that does not exist (31Feb2020). */
export function parseReleaseDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]);
  const day = Number(m[1]);
  const year = Number(m[3]);
  if (month < 0 || day < 1) return undefined;
  // setUTCFullYear, unlike Date.UTC, takes years below 100 literally. It rolls
  // 31 Feb over into March, so a real date is one that survives the round trip.
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getUTCDate() === day ? date.getTime() : undefined;
}
