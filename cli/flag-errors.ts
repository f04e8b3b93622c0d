/**
 * What was wrong with a command line that node:util parseArgs refused, in the
 * CLI's words. parseArgs's own messages are written for programmers ("Unknown
 * option '--x'. To specify a positional argument starting with a '-', place it
 * at the end of the command after '--', as in '-- "--x"", quotes unbalanced);
 * here the offending token is found again and named plainly.
 */
import { parseArgs } from 'node:util';
import type { OptionSpec } from './command-line';
import { nearestName } from './nearest-name';

export function describeFlagError(args: string[], options: OptionSpec, error: Error, command?: string): string {
  let tokens;
  try {
    // Not strict: every token comes back, known or not, with the value it has.
    ({ tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true }));
  } catch {
    return error.message;
  }
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec) return unknownFlag(token.rawName, options, command);
    if (spec.type === 'boolean' && token.value !== undefined) {
      return `${token.rawName} is a switch and takes no value (got ${token.rawName}=${token.value})`;
    }
    if (spec.type === 'string' && token.value === undefined) return `${token.rawName} needs a value`;
  }
  return error.message;
}

function unknownFlag(flag: string, options: OptionSpec, command?: string): string {
  const where = command ? ` for \`mobilityctl ${command}\`` : '';
  const near = flag.startsWith('--') ? nearestName(flag, Object.keys(options).map((name) => `--${name}`)) : undefined;
  return `unknown flag ${flag}${where}${near ? ` (did you mean ${near}?)` : ''}`;
}
