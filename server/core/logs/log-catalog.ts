/**
 * Logs are addressed by name, never by a path in a request: a client can only
 * read what the catalog names. Two kinds, per OS (docs/installer-contract.md,
 * "Whose files"): mobilityd's own captures of installer and configurator
 * output, in its log folder (--log-dir), which only mobilityd writes; and the
 * agent's own logs, which Microsoft's programs write and mobilityd only reads.
 * The config can add logs (extraLogs) or move an agent log elsewhere.
 */
import * as path from 'node:path';
import { hostPath, type DaemonConfig, type LogCatalogEntry } from '../config/daemon-config';
import { auditLogPath } from '../audit/audit-log';
import { invalidArgument, notFound } from '../errors/app-error';
import { quoteValue } from '../../../contract/quote-value';

/** The catalog names of mobilityd's captures; clients (CLI `logs`, the extension) use these two. */
export type CaptureLog = 'installer' | 'configurator';
export const CAPTURE_LOGS: readonly CaptureLog[] = ['installer', 'configurator'];
/** One file per program across jobs, so a follow keeps reading the next job's output; each job's lines start with a "mobilityd: job <id> runs" note. */
export const CAPTURE_FILES: Readonly<Record<CaptureLog, string>> = {
  installer: 'installer-output.log',
  configurator: 'configurator-output.log',
};
/** The catalog name of mobilityd's audit log (audit/audit-log.ts). */
export const AUDIT_LOG = 'audit';
/** Names an extraLogs entry cannot take: mobilityd's own files (daemon-options.ts refuses them). */
export const RESERVED_LOG_NAMES: readonly string[] = [...CAPTURE_LOGS, AUDIT_LOG];

/** Where mobilityd appends a program's output (a path on this machine, under the root): always its own log folder. */
export function captureLogPath(config: Pick<DaemonConfig, 'root' | 'platform' | 'logDir'>, log: CaptureLog): string {
  const join = config.platform === 'windows' ? path.win32.join : path.posix.join;
  return hostPath(config, join(config.logDir, CAPTURE_FILES[log]));
}

export class LogCatalog {
  private readonly byName = new Map<string, LogCatalogEntry>();

  constructor(entries: LogCatalogEntry[]) {
    for (const entry of entries) this.byName.set(entry.name, entry);
  }

  static forConfig(config: DaemonConfig): LogCatalog {
    const merged = new Map([...agentLogs(config), ...config.extraLogs].map((e) => [e.name, e]));
    for (const name of RESERVED_LOG_NAMES) merged.delete(name); // mobilityd's own (daemon-options.ts refuses them as extraLogs)
    const resolve = (e: LogCatalogEntry) => ({ ...e, path: hostPath(config, e.path) });
    // The audit log is not resolved under the root: it is in the state folder, a real path of this machine.
    return new LogCatalog([...captureEntries(config), ...[...merged.values()].map(resolve), auditEntry(config)]);
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

/** mobilityd's captures, in its own log folder. */
function captureEntries(config: DaemonConfig): LogCatalogEntry[] {
  const program = { installer: 'the Mobility service installer', configurator: 'the agent configurator (registration with the configuration server)' };
  return CAPTURE_LOGS.map((name) => ({
    name,
    path: captureLogPath(config, name),
    description: `mobilityd's own file: its capture of the output of ${program[name]}, each job's after the last ("mobilityd: job <id> runs ..." begins each)`,
  }));
}

/** The agent's own logs (host paths), read-only for mobilityd; Windows: under %ProgramData%\ASRSetupLogs. */
function agentLogs(config: DaemonConfig): LogCatalogEntry[] {
  const readOnly = 'written by the agent\'s own programs; mobilityd only reads it';
  if (config.platform === 'windows') {
    if (!config.programData) return []; // daemon-options.ts refuses to start without it; tests may leave it out
    const setupLogs = path.win32.join(config.programData, 'ASRSetupLogs');
    return [
      { name: 'asr_installer', path: path.win32.join(setupLogs, 'ASRUnifiedAgentInstaller.log'), description: `The agent's installer log (UnifiedAgent.exe), ${readOnly}` },
      { name: 'asr_configurator', path: path.win32.join(setupLogs, 'ASRUnifiedAgentConfigurator.log'), description: `The agent's configurator log (UnifiedAgentConfigurator.exe), ${readOnly}` },
    ];
  }
  return [
    { name: 'ua_install', path: '/var/log/ua_install.log', description: `The agent's own install and configure log (install and UnifiedAgentConfigurator.sh both append to it), ${readOnly}` },
    { name: 'installer_errors', path: '/var/log/InstallerErrors.json', description: `The agent installer's structured errors (JSON), ${readOnly}` },
  ];
}
