/**
 * The `mobilityd token` subcommands' flags, and which token file they mean:
 * `--tokens FILE`, or the `authTokens` of `--config FILE` (the daemon's own
 * config file, relative to it as the daemon reads it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { quoteValue } from '../../../contract/quote-value';

/** Exit code 2: the command line itself is wrong. */
export class TokenUsageError extends Error {}

export interface TokenOptions {
  tokens?: string;
  config?: string;
  name?: string;
  role?: string;
  expires?: string;
  json?: boolean;
  help?: boolean;
  positionals: string[];
}

type Flag = 'name' | 'role' | 'expires' | 'json';

const FLAGS = {
  tokens: { type: 'string' },
  config: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  expires: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `argv` of `command` (e.g. "create") accepting only --tokens, --config, --help and `flags`; `positionals` at most. */
export function parseTokenOptions(command: string, argv: string[], flags: Flag[], positionals = 0): TokenOptions {
  const allowed = new Set<string>(['tokens', 'config', 'help', ...flags]);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: true });
  } catch (err) {
    throw new TokenUsageError((err as Error).message);
  }
  const unknown = Object.keys(parsed.values).find((key) => !allowed.has(key));
  if (unknown) throw new TokenUsageError(`${command} does not take --${unknown}`);
  if (parsed.positionals.length > positionals) {
    throw new TokenUsageError(`unexpected argument ${quoteValue(parsed.positionals[positionals])}`);
  }
  return { ...parsed.values, positionals: parsed.positionals };
}

/** The token file named by --tokens, else by --config's authTokens. */
export function tokenFileOf(options: TokenOptions, cwd = process.cwd()): string {
  if (options.tokens !== undefined) {
    if (options.tokens === '') throw new TokenUsageError('--tokens needs a file path, e.g. --tokens /etc/mobilityd/tokens.json');
    return path.resolve(cwd, options.tokens);
  }
  if (options.config !== undefined) return authTokensOf(path.resolve(cwd, options.config));
  throw new TokenUsageError('name the token file: --tokens FILE (e.g. /etc/mobilityd/tokens.json), or --config FILE whose authTokens names it');
}

function authTokensOf(configFile: string): string {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read config file ${configFile}: ${(err as Error).message}`);
  }
  const value = (data as { authTokens?: unknown } | null)?.authTokens;
  if (typeof value !== 'string' || value === '') {
    throw new TokenUsageError(`config file ${configFile} has no "authTokens" (the token file's path); add it, or give --tokens FILE`);
  }
  return path.resolve(path.dirname(configFile), value);
}
