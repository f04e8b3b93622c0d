/**
 * The environment of the installer and configurator: the daemon's own (PATH,
 * locale) plus MOBILITY_HOST_ROOT, the root host paths are resolved under
 * (installer-contract.md). Nothing secret is ever put in it: a process's
 * environment is readable by its user (/proc/<pid>/environ).
 */
import type { DaemonConfig } from '../config/daemon-config';

export function childEnv(config: Pick<DaemonConfig, 'root'>): NodeJS.ProcessEnv {
  return { ...process.env, MOBILITY_HOST_ROOT: config.root };
}
