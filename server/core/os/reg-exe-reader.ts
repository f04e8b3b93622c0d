/**
 * The real RegistryReader: `reg.exe query`, run without a shell so key and
 * value names are passed as plain arguments. Only Windows has reg.exe; on any
 * other system it refuses with a message instead of pretending the registry is
 * empty (an empty registry would read as "agent not installed").
 */
import { execFile } from 'node:child_process';
import { AppError, failedPrecondition } from '../errors/app-error';
import type { RegistryReader } from './windows-os';

/** reg.exe exits 1 when the key or value does not exist. */
const NOT_FOUND_EXIT = 1;

export class RegExeRegistryReader implements RegistryReader {
  async getValue(key: string, name: string): Promise<string | undefined> {
    const output = await this.query([key, '/v', name]);
    return output === undefined ? undefined : parseRegQueryValue(output, name);
  }

  async keyExists(key: string): Promise<boolean> {
    return (await this.query([key])) !== undefined;
  }

  private query(args: string[]): Promise<string | undefined> {
    if (process.platform !== 'win32') {
      return Promise.reject(failedPrecondition('the Windows registry can only be read on Windows; set platform to "linux" on this host'));
    }
    return new Promise((resolve, reject) => {
      execFile('reg.exe', ['query', ...args], { windowsHide: true, timeout: 10_000 }, (err, stdout) => {
        if (!err) return resolve(stdout);
        if ((err as { code?: unknown }).code === NOT_FOUND_EXIT) return resolve(undefined);
        reject(new AppError('internal', `reading the registry (${args[0]}) failed: ${err.message}`));
      });
    });
  }
}

/**
 * One value from `reg query KEY /v NAME` output, whose value lines read
 * "    NAME    REG_SZ    data". REG_DWORD data ("0x1") becomes decimal.
 */
export function parseRegQueryValue(output: string, name: string): string | undefined {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+(.+?)\s{4}(REG_[A-Z_]+)(?:\s{4}(.*))?$/.exec(line);
    if (!match || match[1].toLowerCase() !== name.toLowerCase()) continue;
    const data = (match[3] ?? '').trim();
    return match[2] === 'REG_DWORD' || match[2] === 'REG_QWORD' ? String(Number(data)) : data;
  }
  return undefined;
}
