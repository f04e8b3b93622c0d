/**
 * What a job's exit code means and what to do about it, for people: the catalog's sentence
 * (contract/explanations) and the remedy the daemon recorded (or the catalog's, from an older
 * daemon that records none). Shared by mobilityctl and the extension.
 */
import { explainCode, familyOfProgram, type Family } from '../../contract/explanations';
import { JobState, type Job } from '../../gen/mobility/v1/agent_control_pb';

export interface ExitExplanation {
  /** The catalog's sentence, when the code is a documented one. */
  meaning?: string;
  /** What to do. */
  remedy: string;
  /** "mobilityctl explain 99" (with --family when the code has several meanings), when the catalog knows the code. */
  more?: string;
}

/** Undefined for a job that succeeded, has no exit status, or has nothing to say about it. */
export function exitExplanation(job: Job): ExitExplanation | undefined {
  const exit = job.exit;
  if (!exit || job.state === JobState.SUCCEEDED) return undefined;
  const family = familyOfProgram(exit.program);
  const known = explainCode(exit.code, family)[0];
  // A signal's 128 + n is no installer code, whatever the table says: trust the daemon's words then.
  const entry = known && known.summary === exit.meaning ? known : undefined;
  const remedy = exit.remedy || entry?.remedy || '';
  if (!remedy || (entry && entry.verdict === 'success')) return undefined;
  return {
    meaning: entry?.meaning,
    remedy,
    more: entry ? explainCommand(exit.code, family) : undefined,
  };
}

/** The explanation as "label: text" lines: "what it means: ...", "what to do: ...", "more: `mobilityctl explain 99`". */
export function exitExplanationLines(job: Job): [string, string][] {
  const explained = exitExplanation(job);
  if (!explained) return [];
  const lines: [string, string][] = [];
  if (explained.meaning) lines.push(['what it means', explained.meaning]);
  lines.push(['what to do', explained.remedy]);
  if (explained.more) lines.push(['more', `\`${explained.more}\``]);
  return lines;
}

/** The command that explains a code; names the family only when the code alone is ambiguous. */
export function explainCommand(code: number, family: Family): string {
  return explainCode(code).length > 1 ? `mobilityctl explain ${code} --family ${family}` : `mobilityctl explain ${code}`;
}
