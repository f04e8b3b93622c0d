/**
 * Logs are addressed by name, never by a path in a request: a client can only
 * read what the catalog names. Defaults per OS: docs/agent-reference.md, "Logs"; the config can
 * add logs (e.g. the Linux agent's /var/log/ua_install.log) or override these.
 */
import * as path from 'node:path';
import { hostPath, type DaemonConfig, type LogCatalogEntry } from '../config/daemon-config';
import { auditLogPath } from '../audit/audit-log';
import { invalidArgument, notFound } from '../errors/app-error';
import { quoteValue } from '../../../contract/quote-value';

export const INSTALLER_LOG_FILE = 'ASRUnifiedAgentInstaller.log';
export const CONFIGURATOR_LOG_FILE = 'ASRUnifiedAgentConfigurator.log';
const WINDOWS_SETUP_LOGS = 'C:\\ProgramData\\ASRSetupLogs';
/** The catalog name of mobilityd's audit log (audit/audit-log.ts). */
export const AUDIT_LOG = 'audit';

export class LogCatalog {
  private readonly byName = new Map<string, LogCatalogEntry>();

  constructor(entries: LogCatalogEntry[]) {
    for (const entry of entries) this.byName.set(entry.name, entry);
  }

  static forConfig(config: DaemonConfig): LogCatalog {
    const dir = config.platform === 'windows' ? WINDOWS_SETUP_LOGS : config.logDir;
    const join = config.platform === 'windows' ? path.win32.join : path.posix.join;
    const defaults: LogCatalogEntry[] = [
      {
        name: 'installer',
        path: join(dir, INSTALLER_LOG_FILE),
        description: 'Output of the Mobility service installer, written by mobilityd while it runs the installer',
      },
      {
        name: 'configurator',
        path: join(dir, CONFIGURATOR_LOG_FILE),
        description: 'Output of the agent configurator (registration with the configuration server)',
      },
    ];
    const merged = new Map(defaults.map((e) => [e.name, e]));
    for (const extra of config.extraLogs) merged.set(extra.name, extra);
    merged.delete(AUDIT_LOG); // mobilityd's own (daemon-options.ts refuses an extra log of that name)
    const resolve = (e: LogCatalogEntry) => ({ ...e, path: hostPath(config, e.path) });
    // The audit log is not resolved under the root: it is in the state folder, a real path of this machine.
    return new LogCatalog([...[...merged.values()].map(resolve), auditEntry(config)]);
  }

  /** Whether viewers are kept from the log (minRole 'operator'); false for a name the catalog does not have. */
  isRestricted(name: string): boolean {
    return this.byName.get(name)?.minRole === 'operator';
  }

  entries(): LogCatalogEntry[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** The entry for a name, or NOT_FOUND listing the names that exist. */
  resolve(name: string): LogCatalogEntry {
    if (!name) throw invalidArgument(`no log named; choose one of: ${this.names().join(', ')}`);
    const entry = this.byName.get(name);
    if (!entry) {
      throw notFound(`there is no log named ${quoteValue(name)}; choose one of: ${this.names().join(', ')}`);
    }
    return entry;
  }
}

function auditEntry(config: Pick<DaemonConfig, 'stateDir'>): LogCatalogEntry {
  return {
    name: AUDIT_LOG,
    path: auditLogPath(config.stateDir),
    description: "mobilityd's audit log: every mutating call and every refused one, who made it and the outcome (JSON lines; operators only)",
    minRole: 'operator',
  };
}
