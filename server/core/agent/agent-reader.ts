/** The agent as the host's files show it now, on either OS family (jobs read it before and after running). */
import type { AgentInfo } from '../../../gen/mobility/v1/agent_control_pb';
import { linuxAgentFingerprint, windowsAgentFingerprint, type AgentFingerprint } from './agent-fingerprint';
import { probeLinuxAgent, probeWindowsAgent } from './agent-probe';
import { RegExeRegistryReader } from '../os/reg-exe-reader';
import type { StatusContext } from '../status/host-status';

export async function readAgent(status: StatusContext): Promise<AgentInfo> {
  if (status.config.platform !== 'windows') return probeLinuxAgent(status.config);
  return probeWindowsAgent(status.windows?.registry ?? new RegExeRegistryReader());
}

/** A fingerprint of the same traces, to tell later whether they changed (agent-fingerprint.ts). */
export async function readAgentFingerprint(status: StatusContext): Promise<AgentFingerprint> {
  if (status.config.platform !== 'windows') return linuxAgentFingerprint(status.config);
  return windowsAgentFingerprint(status.windows?.registry ?? new RegExeRegistryReader());
}
