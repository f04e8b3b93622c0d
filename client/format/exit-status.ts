/** A job's exit status in words: "install exited 98: success with warnings". */
import type { ExitStatus } from '../../gen/mobility/v1/agent_control_pb';
import { NONE } from './format-values';

export function exitStatusText(exit: ExitStatus | undefined): string {
  if (!exit) return NONE;
  const program = exit.program || 'the program';
  return `${program} exited ${exit.code}${exit.meaning ? `: ${exit.meaning}` : ''}`;
}
