/**
 * Splits argv into the command name and its flags, then parses the flags with
 * node:util parseArgs. Global flags may come before or after the command
 * (`mobilityctl --host h status` and `mobilityctl status --host h` both work).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors/cli-error';
import { describeFlagError } from './flag-errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** The first word that is neither a flag nor a flag's value is the command. */
export function splitCommand(argv: string[], globalOptions: OptionSpec): { name?: string; rest: string[] } {
  const takesValue = valueFlags(globalOptions);
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (takesValue.has(token)) i++;
    else if (!token.startsWith('-')) return { name: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { rest: argv };
}

/** Parses a command's flags strictly; a parse failure is a usage error for that command. */
export function parseCommandLine(args: string[], options: OptionSpec, command?: string): ParsedArgs {
  const attached = attachValues(args, options);
  try {
    const { values, positionals } = parseArgs({ args: attached, options, strict: true, allowPositionals: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    throw new UsageError(describeFlagError(attached, options, err as Error, command), command);
  }
}

export function expectNoPositionals(args: ParsedArgs, command: string): void {
  if (args.positionals.length > 0) {
    throw new UsageError(`${command} takes no arguments, but got: ${args.positionals.join(' ')}`, command);
  }
}

/**
 * parseArgs refuses `-n -5` as "ambiguous"; joining it to `--lines=-5` lets the
 * command reject the value itself with a message about what the value must be.
 */
function attachValues(args: string[], options: OptionSpec): string[] {
  const longName = new Map<string, string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type !== 'string') continue;
    longName.set(`--${name}`, name);
    if (spec.short) longName.set(`-${spec.short}`, name);
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = longName.get(args[i]);
    if (args[i] === '--') return [...out, ...args.slice(i)];
    if (name !== undefined && i + 1 < args.length) out.push(`--${name}=${args[++i]}`);
    else out.push(args[i]);
  }
  return out;
}

function valueFlags(options: OptionSpec): Set<string> {
  const flags = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type !== 'string') continue;
    flags.add(`--${name}`);
    if (spec.short) flags.add(`-${spec.short}`);
  }
  return flags;
}
