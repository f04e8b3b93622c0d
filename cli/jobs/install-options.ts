/** `mobilityctl install` flags, validated locally so a bad value never reaches the daemon. */
import { isAbsoluteHostPath } from '../../client/jobs/host-path';
import { packageNameProblem } from '../../contract/package-name';
import { AgentRole, Platform } from '../../gen/mobility/v1/agent_control_pb';
import type { ParsedArgs } from '../command-line';
import { UsageError } from '../errors/cli-error';
import { parseRegistrationOptions, type RegistrationChoice } from './registration-options';

/** The installer takes MS/MT; newer documentation says Agent/MasterTarget. Any case is accepted. */
const ROLES: Record<string, AgentRole> = {
  ms: AgentRole.MOBILITY_SERVICE,
  agent: AgentRole.MOBILITY_SERVICE,
  mt: AgentRole.MASTER_TARGET,
  mastertarget: AgentRole.MASTER_TARGET,
};

const PLATFORMS: Record<string, Platform> = {
  vmware: Platform.VMWARE,
  azure: Platform.AZURE,
};

export interface InstallOptions {
  /** Everything but the registration and the request id, which are added when the job starts. */
  request: { role: AgentRole; platform: Platform; installLocation?: string; packageName?: string };
  registration?: RegistrationChoice;
}

export function parseInstallOptions(args: ParsedArgs): InstallOptions {
  const v = args.values as Record<string, string | undefined>;
  const registration = parseRegistrationOptions(args, 'install', false);
  if (args.positionals.length > 0) {
    throw new UsageError(`install takes no arguments, but got: ${args.positionals.join(' ')}`, 'install');
  }
  const request: InstallOptions['request'] = {
    role: parseRole(v.role),
    platform: parsePlatform(v.platform),
  };
  if (v.location !== undefined) {
    if (!isAbsoluteHostPath(v.location)) {
      throw new UsageError(
        `--location must be an absolute path on the host (e.g. /usr/local/ASR or "C:\\Program Files (x86)\\Microsoft Azure Site Recovery"), not "${v.location}"`,
        'install',
      );
    }
    request.installLocation = v.location;
  }
  if (v.package !== undefined) {
    const problem = packageNameProblem(v.package);
    if (problem) throw new UsageError(`--package: ${problem}; \`mobilityctl packages\` lists the host's packages`, 'install');
    request.packageName = v.package;
  }
  return { request, registration };
}

function parseRole(text: string | undefined): AgentRole {
  if (text === undefined) {
    throw new UsageError('install needs --role: MS (Mobility service, also spelled Agent) or MT (master target, also MasterTarget)', 'install');
  }
  const role = ROLES[text.toLowerCase()];
  if (role === undefined) {
    throw new UsageError(`--role must be MS (Mobility service, also spelled Agent) or MT (master target, also MasterTarget), not "${text}"`, 'install');
  }
  return role;
}

function parsePlatform(text: string | undefined): Platform {
  const help = 'VmWare (VMware VMs, physical servers, and Azure VMs managed as physical machines) or Azure (Azure VMs)';
  if (text === undefined) throw new UsageError(`install needs --platform: ${help}`, 'install');
  const platform = PLATFORMS[text.toLowerCase()];
  if (platform === undefined) throw new UsageError(`--platform must be ${help}, not "${text}"`, 'install');
  return platform;
}
