/**
 * The files the agent's installer writes, read for the part one job wrote
 * (installer-contract.md, "What a job reads after the installer"):
 *  - Linux: its log (`/var/log/ua_install.log` under the host root, or the
 *    file its `-l` option names) and `/var/log/InstallerErrors.json`;
 *  - Windows: the logs in `%ProgramData%\ASRSetupLogs` (the installer's and
 *    the MSI's; the folder comes from the environment).
 * Marked before the installer starts, read once it has ended. Windows paths
 * are joined with the native `path`: this code runs on Windows there.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DaemonConfig } from '../config/daemon-config';
import { underRoot } from '../config/host-paths';
import type { Command } from '../agent-programs/installer-commands';
import { markFile, readSince, type FileMark } from './file-since';
import { parseInstallerErrors, type InstallerError } from './installer-errors-file';
import { findVssFailure, type VssFinding } from './installer-vss-lines';

export interface InstallerFileSet {
  /** Plain-text logs, read for their tail (and on Windows for the VSS provider). */
  logs: string[];
  /** A folder whose `*.log` files count as logs too (Windows: the MSI's logs have no documented name). */
  logFolder?: string;
  /** Linux: InstallerErrors.json. */
  errorsJson?: string;
}

export interface InstallerReport {
  /** InstallerErrors.json's entries written during this job. */
  errors: InstallerError[];
  /** Why there are no entries, or what was left out; undefined when the file was read in full. */
  errorsNote?: string;
  /** The last lines the installer logged during this job, oldest first. */
  logTail: string[];
  /** The logs this job's installer wrote to (host paths as read). */
  logsWritten: string[];
  /** Windows: what the logs say about the VSS provider. */
  vss?: VssFinding;
}

const MAX_LOG_BYTES = 256 * 1024;
const MAX_JSON_BYTES = 1024 * 1024;
const TAIL_LINES = 12;
const MAX_LINE = 400;
const CONFIGURATOR_LOG = /configurator/i;

export function linuxInstallerFiles(config: Pick<DaemonConfig, 'root' | 'platform'>, command: Command): InstallerFileSet {
  const l = command.args.indexOf('-l');
  const log = l >= 0 && command.args[l + 1] ? command.args[l + 1] : underRoot(config, '/var/log/ua_install.log');
  return { logs: [log], errorsJson: underRoot(config, '/var/log/InstallerErrors.json') };
}

/** Undefined when the environment names no ProgramData folder: then only the exit code speaks. */
export function windowsInstallerFiles(env: NodeJS.ProcessEnv): InstallerFileSet | undefined {
  const programData = env.ProgramData ?? env.PROGRAMDATA ?? env.ALLUSERSPROFILE;
  if (!programData) return undefined;
  const folder = path.join(programData, 'ASRSetupLogs');
  return { logs: [path.join(folder, 'ASRUnifiedAgentInstaller.log')], logFolder: folder };
}

export class InstallerFiles {
  private constructor(
    private readonly set: InstallerFileSet,
    private readonly startMs: number,
    private readonly marks: Map<string, FileMark | undefined>,
  ) {}

  static async mark(set: InstallerFileSet, startMs = Date.now()): Promise<InstallerFiles> {
    const marks = new Map<string, FileMark | undefined>();
    for (const file of [...(await logFiles(set)), ...(set.errorsJson ? [set.errorsJson] : [])]) marks.set(file, await markFile(file));
    return new InstallerFiles(set, startMs, marks);
  }

  async read(): Promise<InstallerReport> {
    const report: InstallerReport = { errors: [], logTail: [], logsWritten: [] };
    const texts: string[] = [];
    for (const file of await logFiles(this.set)) {
      const read = await readSince(file, this.marks.get(file), this.startMs, MAX_LOG_BYTES).catch(() => undefined);
      if (read?.state !== 'written') continue;
      report.logsWritten.push(file);
      texts.push(read.text);
    }
    report.logTail = tail(texts.join('\n'));
    if (this.set.logFolder) report.vss = findVssFailure(texts.join('\n'));
    if (this.set.errorsJson) Object.assign(report, await this.readErrors(this.set.errorsJson));
    return report;
  }

  private async readErrors(file: string): Promise<Pick<InstallerReport, 'errors' | 'errorsNote'>> {
    const name = path.basename(file);
    // One JSON document: a file this job changed is parsed whole, never from an offset.
    const read = await readSince(file, this.marks.get(file), this.startMs, MAX_JSON_BYTES, { whole: true }).catch((e: Error) => e);
    if (read instanceof Error) return { errors: [], errorsNote: `${name} could not be read (${read.message})` };
    if (read.state !== 'written') return { errors: [], errorsNote: `${name} was not written during this job` };
    if (read.truncated) return { errors: [], errorsNote: `${name} is larger than ${MAX_JSON_BYTES} bytes and was not read` };
    const parsed = parseInstallerErrors(read.text);
    return parsed.problem ? { errors: parsed.entries, errorsNote: `${name}: ${parsed.problem}` } : { errors: parsed.entries };
  }
}

async function logFiles(set: InstallerFileSet): Promise<string[]> {
  if (!set.logFolder) return set.logs;
  const names = await fs.readdir(set.logFolder).catch(() => [] as string[]);
  const extra = names.filter((n) => /\.log$/i.test(n) && !CONFIGURATOR_LOG.test(n)).map((n) => path.join(set.logFolder!, n));
  return [...new Set([...set.logs, ...extra])];
}

function tail(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(-TAIL_LINES).map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 1)}…` : l));
}
