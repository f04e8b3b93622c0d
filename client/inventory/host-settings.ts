/**
 * Reads mobilityd settings out of one host's merged variables, with errors
 * that name the host, the variable, where it was set (file and line) and what
 * to write instead.
 */
import type { HostVariables } from './host-variables';

import { InventoryError } from './inventory-error';

export class HostSettings {
  constructor(
    readonly file: string,
    readonly host: string,
    private readonly variables: HostVariables,
  ) {}

  /** The variable as text (numbers and booleans as written), or undefined when unset or empty. */
  text(key: string): string | undefined {
    const value = this.variables.vars[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') this.fail(key, 'is a list or mapping; give a single value');
    const text = String(value).trim();
    return text === '' ? undefined : text;
  }

  /** true/false (yes/no, on/off, 1/0, any case), or undefined when unset. */
  flag(key: string): boolean | undefined {
    const text = this.text(key)?.toLowerCase();
    if (text === undefined) return undefined;
    if (['true', 'yes', 'on', '1'].includes(text)) return true;
    if (['false', 'no', 'off', '0'].includes(text)) return false;
    this.fail(key, `is "${this.text(key)}"; write true or false`);
  }

  /** A TCP port 1-65535, or undefined when unset. */
  port(key: string): number | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > 65535) this.fail(key, `is "${text}", not a port; write a number from 1 to 65535`);
    return n;
  }

  /** How specific the place that set the variable is (higher wins), or -1 when it is unset. */
  rank(key: string): number {
    return this.text(key) === undefined ? -1 : (this.variables.origin.get(key)?.rank ?? -1);
  }

  fail(key: string, problem: string): never {
    const origin = this.variables.origin.get(key);
    const where = origin && origin.where !== `host ${this.host}` ? ` (set in ${origin.where})` : '';
    throw new InventoryError(`host ${this.host}: ${key}${where} ${problem}`, { file: this.file, line: origin?.line });
  }
}
