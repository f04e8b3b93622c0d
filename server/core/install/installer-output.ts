/**
 * Reads the installer's progress from its output (installer-contract.md): the
 * lines that move a job's PREREQUISITE_CHECK and INSTALL_VSS_PROVIDER steps,
 * and the one that says the package's version is already installed.
 * Matching is case-insensitive and anywhere in the line, because installers
 * put timestamps and log levels in front of the words.
 */
export type InstallerSignal =
  | { kind: 'prereq_running' }
  | { kind: 'prereq_failed'; check: string; detail: string }
  | { kind: 'prereq_passed' }
  | { kind: 'vss_running' }
  | { kind: 'vss_failed'; exitCode?: number }
  | { kind: 'vss_installed' }
  | { kind: 'already_installed' };

const PREREQ_FAILED = /prerequisite check failed\s*:?\s*(.*)$/i;
/** Both phrases, so that a Windows line such as "prerequisite X already installed" is not taken for it. */
const ALREADY_INSTALLED = /\balready installed\b.*\bnothing to do\b/i;
const VSS_FAILED = /vss provider installation failed(?:.*?\bexit code\s*:?\s*(-?\d+))?/i;

/** The signal a line carries, or undefined for ordinary output. */
export function parseInstallerLine(line: string): InstallerSignal | undefined {
  // Failure lines first: they must win over any looser wording on the same line.
  const failed = PREREQ_FAILED.exec(line);
  if (failed) return prerequisiteFailure(failed[1]);
  if (/all prerequisite checks passed/i.test(line)) return { kind: 'prereq_passed' };
  if (/running prerequisite checks/i.test(line)) return { kind: 'prereq_running' };
  const vss = VSS_FAILED.exec(line);
  if (vss) return vss[1] === undefined ? { kind: 'vss_failed' } : { kind: 'vss_failed', exitCode: Number(vss[1]) };
  if (/vss provider installed/i.test(line)) return { kind: 'vss_installed' };
  if (/installing vss provider/i.test(line)) return { kind: 'vss_running' };
  if (ALREADY_INSTALLED.test(line)) return { kind: 'already_installed' };
  return undefined;
}

/**
 * "Prerequisite check failed: <name>", optionally followed by an explanation
 * after " - ", ": " or in parentheses: the name becomes `check`, the rest
 * `detail` (empty when the line has none).
 */
function prerequisiteFailure(rest: string): InstallerSignal {
  const text = rest.trim();
  const split = /^(.*?)(?:\s+[-–—]\s+|:\s+|\s*\()(.*)$/.exec(text);
  const check = (split ? split[1] : text).trim() || 'unnamed check';
  const detail = split ? split[2].replace(/\)\s*$/, '').trim() : '';
  return { kind: 'prereq_failed', check, detail };
}
