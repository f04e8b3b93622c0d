/**
 * What the Windows installer's and MSI's logs say about the VSS provider.
 * Microsoft publishes no wording for these lines, so this looks only for a
 * line that names the VSS provider together with a failure, and takes an exit
 * code from it only when it is one of the VSS provider's documented codes
 * (511, 512, 517, 802, 806). No such line: the VSS step is settled from the
 * installer's exit code alone (install-outcome.ts).
 */
export interface VssFinding {
  failed: boolean;
  /** The matching line, as written (capped). */
  line?: string;
  exitCode?: number;
}

const VSS = /\bvss\b|InMageVSSProvider/i;
const FAILURE = /\bfail(?:ed|ure|s)?\b|\berror\b/i;
const DOCUMENTED_CODES = /\b(511|512|517|802|806)\b/;

export function findVssFailure(text: string): VssFinding {
  for (const line of text.split(/\r?\n/)) {
    if (!VSS.test(line) || !FAILURE.test(line)) continue;
    const code = DOCUMENTED_CODES.exec(line);
    const shown = line.trim().slice(0, 300);
    return code ? { failed: true, line: shown, exitCode: Number(code[1]) } : { failed: true, line: shown };
  }
  return { failed: false };
}
