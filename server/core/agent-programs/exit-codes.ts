/**
 * What the installer's and configurator's exit codes mean (as Microsoft documents them), in the
 * words a job shows to people, and whether the job succeeded, warned or failed.
 */
import type { ProcessResult } from './child-process-runner';

export type ExitOutcome = 'succeeded' | 'warning' | 'failed';

export interface ExitMeaning {
  meaning: string;
  outcome: ExitOutcome;
}

const INSTALLER_CODES: Record<number, ExitMeaning> = {
  0: { meaning: 'success', outcome: 'succeeded' },
  98: { meaning: 'success with warnings', outcome: 'warning' },
  96: { meaning: 'invalid arguments', outcome: 'failed' },
  97: { meaning: 'failed with errors', outcome: 'failed' },
  99: { meaning: 'prerequisites not met', outcome: 'failed' },
  11: { meaning: 'upgrade not supported', outcome: 'failed' },
  15: { meaning: 'downgrade not supported', outcome: 'failed' },
};

const CONFIGURATOR_CODES: Record<number, ExitMeaning> = {
  0: { meaning: 'success', outcome: 'succeeded' },
  14: { meaning: 'the configuration server rejected the passphrase', outcome: 'failed' },
};

const undocumented = (code: number): ExitMeaning => ({
  meaning: `failed with exit code ${code} (not a documented installer code)`,
  outcome: 'failed',
});

/** The Linux install script's documented codes; also applied to UnifiedAgent.exe, whose codes are not documented apart. */
export function installerExit(code: number): ExitMeaning {
  return INSTALLER_CODES[code] ?? undocumented(code);
}

export function configuratorExit(code: number): ExitMeaning {
  return (
    CONFIGURATOR_CODES[code] ?? { meaning: `failed with exit code ${code} (not a documented configurator code)`, outcome: 'failed' }
  );
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
): { meaning: string; outcome: ExitOutcome | 'cancelled' } {
  if (result.cancelled) return { meaning: 'cancelled', outcome: 'cancelled' };
  if (result.exitCode !== null) return table(result.exitCode);
  return { meaning: signalMeaning(result.signal ?? 'unknown'), outcome: 'failed' };
}
