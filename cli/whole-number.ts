/** Flag values that must be whole numbers, checked before anything is sent. */
import { UsageError } from './errors/cli-error';

export interface WholeNumberRule {
  /** The flag as the user typed it, for the message, e.g. "-n". */
  flag: string;
  /** What the number means, e.g. "a number of lines". */
  meaning: string;
  min?: number;
  max?: number;
  command?: string;
}

export function parseWholeNumber(text: string, rule: WholeNumberRule): number {
  const { flag, meaning, min = 0, max = Number.MAX_SAFE_INTEGER, command } = rule;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max.toLocaleString('en-US')}`;
    throw new UsageError(`${flag} must be ${meaning}: a whole number ${range}, not "${text}"`, command);
  }
  return value;
}
