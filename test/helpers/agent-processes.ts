/** The agent's processes in a GetStatus answer. */
import { strict as assert } from 'node:assert';
import type { AgentProcess, GetStatusResponse } from '../../gen/mobility/v1/agent_control_pb';

/** The entry for one agent process name; fails the test when there is none. */
export function processNamed(status: GetStatusResponse, name: string): AgentProcess {
  const found = status.processes.find((p) => p.name === name);
  assert.ok(found, `a process entry for ${name}`);
  return found;
}
