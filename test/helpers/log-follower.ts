/** Follows a catalog log over TailLog so a test can wait, event-driven, for a program to print something. */
import type { AgentControlClient } from '../../client/agent-control-client';
import { LogEventKind } from '../../gen/mobility/v1/agent_control_pb';
import { TailCollector } from './tail-collector';

export async function followLog(client: AgentControlClient, log: string): Promise<TailCollector> {
  const tail = new TailCollector(client.tailLog({ log, follow: true }));
  await tail.until((c) => c.events.includes(LogEventKind.WAITING) || c.events.includes(LogEventKind.CAUGHT_UP), `the ${log} log to be followed`);
  return tail;
}

/** Resolves once a line containing `text` arrived, and stops following. */
export async function untilLine(tail: TailCollector, text: string): Promise<void> {
  await tail.until((c) => c.lines.some((l) => l.includes(text)), `a line with "${text}"`);
  tail.cancel();
}
