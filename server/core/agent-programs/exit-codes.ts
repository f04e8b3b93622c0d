/**
 * What the installer's and configurator's exit codes mean, and whether the job succeeded, warned or
 * failed. The words come from the shared catalog of explanations (contract/explanations), so a job,
 * `mobilityctl explain` and the extension say the same thing.
 */
import { explainExit, type Explanation } from '../../../contract/explanations';
import type { ProcessResult } from './child-process-runner';

export type ExitOutcome = 'succeeded' | 'warning' | 'failed';

export interface ExitMeaning {
  meaning: string;
  outcome: ExitOutcome;
  /** What to do about it; empty (or absent) on success. */
  remedy?: string;
}

const OUTCOMES: Record<Explanation['verdict'], ExitOutcome> = { success: 'succeeded', warning: 'warning', failure: 'failed' };

function fromCatalog(explanation: Explanation): ExitMeaning {
  const outcome = OUTCOMES[explanation.verdict];
  return { meaning: explanation.summary, outcome, remedy: outcome === 'succeeded' ? '' : explanation.remedy };
}

/** The Linux install script's documented codes; also applied to UnifiedAgent.exe, whose codes are not documented apart. */
export function installerExit(code: number): ExitMeaning {
  return fromCatalog(explainExit('install', code));
}

export function configuratorExit(code: number): ExitMeaning {
  return fromCatalog(explainExit('UnifiedAgentConfigurator', code));
}

const SIGNAL_WORDS: Record<string, string> = {
  SIGTERM: 'asked to terminate',
  SIGKILL: 'forced to stop',
  SIGINT: 'interrupted',
  SIGHUP: 'its terminal or session went away',
  SIGQUIT: 'asked to quit',
  SIGSEGV: 'crashed: invalid memory access',
  SIGBUS: 'crashed: bus error',
  SIGABRT: 'aborted itself',
  SIGILL: 'crashed: illegal instruction',
  SIGFPE: 'crashed: arithmetic error',
  SIGPIPE: 'wrote to a closed pipe',
};

/** What to do when a program was stopped by a signal rather than failing on its own. */
export const SIGNAL_REMEDY =
  'Something on the host stopped the program (a person, a service manager, the out-of-memory killer): find out what, then run the job again; its log shows how far it got.';

/** For a process that ended by a signal instead of exiting. */
export function signalMeaning(signal: string): string {
  const words = SIGNAL_WORDS[signal];
  return words ? `killed by ${signal} (${words})` : `killed by signal ${signal}`;
}

/**
 * A whole process result read with one of the tables above: a cancelled run is
 * 'cancelled' whatever its code, and a signal always means failure.
 */
export function resultMeaning(
  result: ProcessResult,
  table: (code: number) => ExitMeaning,
): { meaning: string; outcome: ExitOutcome | 'cancelled'; remedy?: string } {
  if (result.cancelled) return { meaning: 'cancelled', outcome: 'cancelled', remedy: '' };
  if (result.exitCode !== null) return table(result.exitCode);
  return { meaning: signalMeaning(result.signal ?? 'unknown'), outcome: 'failed', remedy: SIGNAL_REMEDY };
}
