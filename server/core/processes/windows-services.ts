/**
 * The agent's Windows services (svagents, frsvc, "InMage Scout Application
 * Service") behind the ServiceQuery adapter, so the mapping is unit-tested
 * anywhere; the real adapter asks sc.exe and tasklist.exe and runs only on
 * Windows.
 */
import { execFile } from 'node:child_process';
import { AppError, failedPrecondition } from '../errors/app-error';
import type { ProcessGroup } from './process-table';

export const WINDOWS_AGENT_SERVICES = ['svagents', 'frsvc', 'InMage Scout Application Service'];

export interface ServiceState {
  running: boolean;
  /** The service process, when running. */
  pid?: number;
  /** Its resident memory (working set), bytes. */
  rssBytes?: number;
}

export interface ServiceQuery {
  /** The service's state, or undefined when no such service is installed. */
  query(name: string): Promise<ServiceState | undefined>;
}

export async function sampleWindowsServices(
  services: ServiceQuery,
  names: readonly string[] = WINDOWS_AGENT_SERVICES,
): Promise<ProcessGroup[]> {
  const states = await Promise.all(names.map((name) => services.query(name)));
  return names.map((name, i) => {
    const state = states[i];
    const running = Boolean(state?.running && state.pid);
    return { name, pids: running ? [state!.pid!] : [], rssBytes: running ? (state!.rssBytes ?? 0) : 0 };
  });
}

/** sc.exe's exit code for "The specified service does not exist". */
const NO_SUCH_SERVICE = 1060;

export class ScExeServiceQuery implements ServiceQuery {
  async query(name: string): Promise<ServiceState | undefined> {
    const output = await run('sc.exe', ['queryex', name], NO_SUCH_SERVICE);
    if (output === undefined) return undefined;
    const state = parseScQueryEx(output);
    if (state.running && state.pid) {
      const list = await run('tasklist.exe', ['/FI', `PID eq ${state.pid}`, '/FO', 'CSV', '/NH']);
      state.rssBytes = parseTasklistMemory(list ?? '');
    }
    return state;
  }
}

/** "STATE : 4  RUNNING" and "PID : 1234" from `sc queryex NAME`. */
export function parseScQueryEx(output: string): ServiceState {
  const running = /^\s*STATE\s*:\s*\d+\s+RUNNING\b/m.test(output);
  const pid = Number(/^\s*PID\s*:\s*(\d+)/m.exec(output)?.[1] ?? 0);
  return { running, pid: pid > 0 ? pid : undefined };
}

/** The last CSV column of tasklist, e.g. "12,345 K", in bytes. */
export function parseTasklistMemory(output: string): number | undefined {
  const match = /"([\d.,\s\u00a0]+)\s*K"\s*$/m.exec(output.trim());
  return match ? Number(match[1].replace(/[^\d]/g, '')) * 1024 : undefined;
}

function run(file: string, args: string[], absentExit?: number): Promise<string | undefined> {
  if (process.platform !== 'win32') {
    return Promise.reject(failedPrecondition('Windows services can only be queried on Windows; set platform to "linux" on this host'));
  }
  return new Promise((resolve, reject) => {
    execFile(file, args, { windowsHide: true, timeout: 10_000 }, (err, stdout) => {
      if (!err) return resolve(stdout);
      if (absentExit !== undefined && (err as { code?: unknown }).code === absentExit) return resolve(undefined);
      reject(new AppError('internal', `${file} ${args[0]} failed: ${err.message}`));
    });
  });
}
