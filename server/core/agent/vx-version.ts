/**
 * The Linux agent's /usr/local/.vx_version: KEY=value lines the installer and
 * the configurator write. Key spellings differ between agent versions, so each
 * field lists the keys it accepts, first match wins (keys compared in upper case):
 *
 *   version           VERSION, PROD_VERSION                    e.g. 9.30.0.0
 *   install location  INSTALLATION_DIR, INSTALL_DIR, INSTALLATION_PATH
 *                     (the agent writes <location>/Vx; the trailing /Vx is
 *                     dropped so the value matches the installer's -d option)
 *   role              ROLE, AGENT_ROLE                         MS / MT / Agent / MasterTarget
 *   platform          PLATFORM, VM_PLATFORM                    VmWare / Azure
 *   registration      AGENT_CONFIGURATION_STATUS               Succeeded / Failed
 *   config server     CS_IP, CSIP, CS_ADDRESS, CS_ENDPOINT
 *   install time      INSTALL_TIME, INSTALLED_ON, INSTALL_DATE (epoch or a date)
 */
import type { AgentRole, Platform, RegistrationState } from '../../../gen/mobility/v1/agent_control_pb';
import { parseKeyValueLines } from '../files/key-value-lines';
import { parseAgentPlatform, parseAgentRole, parseConfigurationStatus, parseInstallTime } from './agent-fields';

export const VX_VERSION_FILE = '/usr/local/.vx_version';

const KEYS = {
  version: ['VERSION', 'PROD_VERSION'],
  installDir: ['INSTALLATION_DIR', 'INSTALL_DIR', 'INSTALLATION_PATH'],
  role: ['ROLE', 'AGENT_ROLE'],
  platform: ['PLATFORM', 'VM_PLATFORM'],
  configurationStatus: ['AGENT_CONFIGURATION_STATUS'],
  csEndpoint: ['CS_IP', 'CSIP', 'CS_ADDRESS', 'CS_ENDPOINT'],
  installTime: ['INSTALL_TIME', 'INSTALLED_ON', 'INSTALL_DATE'],
};

export interface VxVersion {
  version: string;
  installLocation: string;
  role: AgentRole;
  platform: Platform;
  registration: RegistrationState;
  csEndpoint: string;
  installTime?: Date;
}

export function parseVxVersion(text: string): VxVersion {
  const values = new Map([...parseKeyValueLines(text)].map(([k, v]) => [k.toUpperCase(), v]));
  const pick = (keys: string[]) => keys.map((k) => values.get(k)).find((v) => v !== undefined && v !== '');
  return {
    version: pick(KEYS.version) ?? '',
    installLocation: installLocation(pick(KEYS.installDir)),
    role: parseAgentRole(pick(KEYS.role)),
    platform: parseAgentPlatform(pick(KEYS.platform)),
    registration: parseConfigurationStatus(pick(KEYS.configurationStatus)),
    csEndpoint: pick(KEYS.csEndpoint) ?? '',
    installTime: parseInstallTime(pick(KEYS.installTime)),
  };
}

/** "/usr/local/ASR/Vx" → "/usr/local/ASR": the location the installer was given. */
function installLocation(dir: string | undefined): string {
  if (!dir) return '';
  const trimmed = dir.replace(/\/+$/, '');
  return trimmed.replace(/\/Vx$/, '') || '/';
}
