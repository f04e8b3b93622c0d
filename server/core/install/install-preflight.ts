/**
 * Everything Install decides before a job exists: the request's fields, then
 * the host — a supported 64-bit OS, a package for it, whether this is a
 * fresh install or an upgrade (never a downgrade), and no other installer run
 * holding its lock (installer-lock.ts). Refusals are errors of the RPC;
 * nothing has run yet.
 */
import { AgentRole, SupportStatus, type AgentInfo, type InstallRequest, type OsInfo, type Platform } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import { failedPrecondition } from '../errors/app-error';
import { defaultInstallLocation, validateInstallLocation, validatePlatform, validateRole } from './install-options';
import { compareAgentVersions } from '../packages/agent-version';
import type { PackageRepository, StoredPackage } from '../packages/package-repository';
import { readHostOs, type StatusContext } from '../status/host-status';
import { readAgent } from '../agent/agent-reader';
import { asHostPath } from '../config/host-paths';
import { readyRegistration } from '../register/register-preflight';
import { requireNoInstallerRun } from './installer-lock';
import { validateRegistration, type ReadyRegistration, type RegistrationPlan } from '../register/registration-fields';

/** The request's fields, checked. */
export interface InstallFields {
  role: AgentRole;
  platform: Platform;
  /** Host path; the OS default when the request had none. */
  location: string;
  locationRequested: boolean;
  packageName: string;
  registration?: RegistrationPlan;
}

/** What the job will do. */
export interface InstallPlan extends Omit<InstallFields, 'registration'> {
  /** The registration with its passphrase read (from the passphrase folders when it is a file). */
  registration?: ReadyRegistration;
  package: StoredPackage;
  /** The installed version when this is an upgrade (the installer then gets only platform and silent). */
  upgradeFrom?: string;
  /** Agent 9.22 and earlier: a VSS provider failure fails the whole install (Microsoft's push-installation notes). */
  vssFailureFails: boolean;
  /** Set when a stale installer lock was found and ignored (installer-lock.ts): the job says so. */
  staleLock?: string;
}

export function validateInstallFields(request: InstallRequest, config: DaemonConfig): InstallFields {
  const role = validateRole(request.role);
  const platform = validatePlatform(request.platform);
  const location = request.installLocation
    ? validateInstallLocation(request.installLocation, config.platform)
    : defaultInstallLocation(config.platform);
  const registration = request.registration ? validateRegistration(request.registration, 'registration', config) : undefined;
  return { role, platform, location, locationRequested: !!request.installLocation, packageName: request.packageName, registration };
}

export async function planInstall(
  fields: InstallFields,
  deps: { status: StatusContext; packages: PackageRepository },
): Promise<InstallPlan> {
  const os = await readHostOs(deps.status);
  requireSupportedOs(os);
  const stored = await choosePackage(fields.packageName, os, deps.packages);
  deps.packages.requireTrusted(stored); // the trust list, when configured: a hand-placed file must be listed too
  const registration = fields.registration && (await readyRegistration(fields.registration, deps.status.config));
  const agent = await readAgent(deps.status);
  const plan: InstallPlan = {
    ...fields,
    registration,
    package: stored,
    vssFailureFails: compareAgentVersions(stored.package.version, '9.23.0.0') < 0,
  };
  const planned = agent.installed ? planUpgrade(plan, { ...agent, installLocation: asHostPath(deps.status.config, agent.installLocation) }) : plan;
  const staleLock = await requireNoInstallerRun(deps.status.config, planned.location);
  return staleLock ? { ...planned, staleLock } : planned;
}

/** The agent runs on 64-bit OSes of the support table only (os/installer-os-table.ts). */
function requireSupportedOs(os: OsInfo): void {
  const name = os.prettyName || `${os.name} ${os.version}`.trim() || 'this operating system';
  if (!os.is64Bit) {
    throw failedPrecondition(`the Mobility service supports only 64-bit operating systems; ${name} is ${os.architecture || 'not 64-bit'}`);
  }
  if (os.support === SupportStatus.UNSUPPORTED || !os.installerOsTag) {
    // The support table's reason names the OS and what is supported instead.
    throw failedPrecondition(os.supportReason || `the Mobility service does not support ${name}`);
  }
}

async function choosePackage(name: string, os: OsInfo, packages: PackageRepository): Promise<StoredPackage> {
  if (name) {
    const stored = await packages.find(name, os.installerOsTag);
    if (stored.package.osTag !== os.installerOsTag) {
      throw failedPrecondition(
        `package ${name} is for ${stored.package.osTag}; this host (${os.prettyName}) needs a ${os.installerOsTag} package`,
      );
    }
    return stored;
  }
  const newest = await packages.newestFor(os.installerOsTag);
  if (newest) return newest;
  throw failedPrecondition(noPackageMessage(os, packages.dir));
}

function noPackageMessage(os: OsInfo, folder: string): string {
  if (os.support === SupportStatus.MANUAL_INSTALLER) {
    return (
      `${os.prettyName} needs a hand-placed installer: from agent 9.36 on no installer for it ships with the ` +
      `configuration server. Download the latest Mobility service installer for ${os.installerOsTag} and put it in ` +
      `the repository folder ${folder}, then install again`
    );
  }
  return (
    `there is no installer package for ${os.installerOsTag} in the repository folder ${folder}; ` +
    'send one with `mobilityctl push <package file>` (or copy the file into that folder), then install again'
  );
}

/** An installed agent (its location as a host path): upgrade in place, to the same or a newer version, keeping its role and location. */
function planUpgrade(plan: InstallPlan, agent: AgentInfo): InstallPlan {
  const target = plan.package.package.version;
  if (compareAgentVersions(target, agent.version) < 0) {
    throw failedPrecondition(
      `downgrade not supported: agent ${agent.version} is installed and package ${plan.package.package.name} is ${target}; ` +
        'choose a package of version ' + `${agent.version} or newer`,
    );
  }
  if (agent.role !== AgentRole.UNSPECIFIED && agent.role !== plan.role) {
    throw failedPrecondition(
      `the agent is installed as ${roleName(agent.role)}; an upgrade keeps the role, so ${roleName(plan.role)} cannot be ` +
        'installed over it (uninstall the agent first)',
    );
  }
  const installedAt = agent.installLocation || plan.location;
  if (plan.locationRequested && agent.installLocation && agent.installLocation !== plan.location) {
    throw failedPrecondition(
      `the agent is installed in ${agent.installLocation}; an upgrade keeps it there, so install_location must be empty or ${agent.installLocation}`,
    );
  }
  return { ...plan, location: installedAt, upgradeFrom: agent.version };
}

function roleName(role: AgentRole): string {
  return role === AgentRole.MASTER_TARGET ? 'master target (MT)' : 'Mobility service (MS)';
}
