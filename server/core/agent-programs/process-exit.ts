/** A finished program's exit as a job records it: a code (128 + n for a signal, as shells say), its meaning, and a phrase. */
import * as os from 'node:os';
import * as path from 'node:path';
import { SIGNAL_REMEDY, signalMeaning, type ExitMeaning } from './exit-codes';
import type { ProcessResult } from './child-process-runner';
import type { Command } from './installer-commands';

export interface ExitDescription extends ExitMeaning {
  code: number;
  /** "exit 99, prerequisites not met" or "killed by SIGKILL (forced to stop)". */
  described: string;
}

export function describeExit(result: ProcessResult, table: (code: number) => ExitMeaning): ExitDescription {
  if (result.exitCode !== null) {
    const meaning = table(result.exitCode);
    return { ...meaning, code: result.exitCode, described: `exit ${result.exitCode}, ${meaning.meaning}` };
  }
  const signal = result.signal ?? 'SIGKILL';
  const meaning = signalMeaning(signal);
  return { meaning, outcome: 'failed', remedy: SIGNAL_REMEDY, code: 128 + (os.constants.signals[signal] ?? 0), described: meaning };
}

/** "install", "UnifiedAgentConfigurator.sh", "UnifiedAgent.exe": what ExitStatus.program names. */
export function programName(command: Command): string {
  return path.basename(command.file.replace(/\\/g, '/'));
}
