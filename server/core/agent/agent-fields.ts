/**
 * The agent's own words for role, platform and configuration status, as they
 * appear in .vx_version and the registry, mapped onto the API's enums. The
 * spellings vary between agent versions, so matching is tolerant.
 */
import { AgentRole, Platform, RegistrationState } from '../../../gen/mobility/v1/agent_control_pb';

/** "MS" / "Agent" → mobility service; "MT" / "MasterTarget" → master target. */
export function parseAgentRole(value: string | undefined): AgentRole {
  const v = (value ?? '').trim().toLowerCase().replace(/[\s_-]/g, '');
  if (v === 'ms' || v === 'agent' || v === 'mobilityservice') return AgentRole.MOBILITY_SERVICE;
  if (v === 'mt' || v === 'mastertarget') return AgentRole.MASTER_TARGET;
  return AgentRole.UNSPECIFIED;
}

/** "VmWare" (any case) → VMware and physical; "Azure" → Azure. */
export function parseAgentPlatform(value: string | undefined): Platform {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'vmware') return Platform.VMWARE;
  if (v === 'azure') return Platform.AZURE;
  return Platform.UNSPECIFIED;
}

/**
 * "Succeeded" → registered; "Failed" (or "Failure") → the last attempt failed;
 * absent, empty or anything else → installed but not (yet) registered, which is
 * how the agent's own scripts read it: only "Succeeded" counts as configured.
 */
export function parseConfigurationStatus(value: string | undefined): RegistrationState {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'succeeded' || v === 'success') return RegistrationState.REGISTERED;
  if (v.startsWith('fail')) return RegistrationState.FAILED;
  return RegistrationState.NOT_REGISTERED;
}

/**
 * An install time as the agent might write it: epoch seconds or milliseconds,
 * ISO 8601, or anything Date.parse accepts. Undefined when it is none of these.
 */
export function parseInstallTime(value: string | undefined): Date | undefined {
  const v = (value ?? '').trim();
  if (!v) return undefined;
  if (/^\d{8}$/.test(v)) {
    // Windows Installer's InstallDate: YYYYMMDD.
    return validDate(new Date(Date.UTC(+v.slice(0, 4), +v.slice(4, 6) - 1, +v.slice(6, 8))));
  }
  if (/^\d{9,13}$/.test(v)) return validDate(new Date(v.length > 11 ? Number(v) : Number(v) * 1000));
  return validDate(new Date(v));
}

function validDate(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}
