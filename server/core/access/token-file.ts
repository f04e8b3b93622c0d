/**
 * The token file (--auth-tokens FILE, config key authTokens): JSON, mode 0600,
 * holding a SHA-256 of each token and never a token:
 *
 *   {"version": 1, "tokens": [
 *     {"name": "ci", "role": "operator", "hash": "sha256:<64 hex>",
 *      "created": "2026-01-05T10:00:00.000Z", "expires": "...", "revoked": "..."}]}
 *
 * `expires` and `revoked` are optional. A revoked token keeps its entry, so the
 * daemon can tell its caller "token ci was revoked" rather than "unknown".
 * Parsing is strict (unknown keys are errors): a misspelt "expiry" must not
 * quietly leave a token valid forever.
 */
import { quoteValue } from '../../../contract/quote-value';
import { parseRole, ROLES, type Role } from './roles';
import { HASH_PATTERN } from './token-secret';

export const TOKEN_FILE_VERSION = 1;

export interface TokenEntry {
  name: string;
  role: Role;
  /** "sha256:" and 64 lower-case hex digits. */
  hash: string;
  /** ISO 8601 times. */
  created: string;
  expires?: string;
  revoked?: string;
}

export interface TokenFile {
  version: typeof TOKEN_FILE_VERSION;
  tokens: TokenEntry[];
}

export type TokenState = 'active' | 'expired' | 'revoked';

export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
export const TOKEN_NAME_RULE = '1 to 64 characters: letters, digits and . _ @ -, starting with a letter or digit (e.g. ci, alice@ops)';

/** An ISO 8601 date, or date and time with its zone (a time without a zone would mean the reader's local time). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const ENTRY_KEYS = ['name', 'role', 'hash', 'created', 'expires', 'revoked'];

export function emptyTokenFile(): TokenFile {
  return { version: TOKEN_FILE_VERSION, tokens: [] };
}

export function tokenState(entry: TokenEntry, now: number): TokenState {
  if (entry.revoked !== undefined) return 'revoked';
  if (entry.expires !== undefined && Date.parse(entry.expires) <= now) return 'expired';
  return 'active';
}

/** The file's text as written: stable key order, one entry per few lines, a final newline. */
export function formatTokenFile(data: TokenFile): string {
  return `${JSON.stringify({ version: data.version, tokens: data.tokens.map(orderedEntry) }, null, 2)}\n`;
}

function orderedEntry(entry: TokenEntry): TokenEntry {
  const { name, role, hash, created, expires, revoked } = entry;
  return { name, role, hash, created, ...(expires !== undefined && { expires }), ...(revoked !== undefined && { revoked }) };
}

/** The file's contents; an Error saying what is wrong, where, and how to fix it. */
export function parseTokenFile(text: string, file: string): TokenFile {
  const fail = (problem: string) => new Error(`the token file ${file} is not valid: ${problem}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw fail(`it is not JSON (${(err as Error).message}); it should look like {"version": 1, "tokens": [...]}`);
  }
  if (!isObject(data)) throw fail('it should be a JSON object like {"version": 1, "tokens": [...]}');
  const extra = Object.keys(data).filter((key) => key !== 'version' && key !== 'tokens');
  if (extra.length) throw fail(`unknown key ${quoteValue(extra[0])} (the file has only "version" and "tokens")`);
  if (data.version !== TOKEN_FILE_VERSION) {
    throw fail(`"version" is ${quoteValue(String(data.version))}; this mobilityd reads version ${TOKEN_FILE_VERSION}`);
  }
  if (!Array.isArray(data.tokens)) throw fail('"tokens" should be a list of token entries ([] for none)');
  const tokens = data.tokens.map((raw, index) => {
    const problem = entryProblem(raw);
    if (problem) throw fail(`token ${index + 1}${isObject(raw) && typeof raw.name === 'string' ? ` (${quoteValue(raw.name)})` : ''}: ${problem}`);
    return raw as TokenEntry;
  });
  const duplicate = duplicateProblem(tokens);
  if (duplicate) throw fail(duplicate);
  return { version: TOKEN_FILE_VERSION, tokens };
}

function entryProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return 'should be an object with name, role, hash and created';
  const extra = Object.keys(raw).find((key) => !ENTRY_KEYS.includes(key));
  if (extra !== undefined) return `unknown key ${quoteValue(extra)} (known: ${ENTRY_KEYS.join(', ')})`;
  if (typeof raw.name !== 'string' || !TOKEN_NAME_PATTERN.test(raw.name)) return `"name" should be ${TOKEN_NAME_RULE}`;
  if (typeof raw.role !== 'string' || !parseRole(raw.role)) return `"role" should be one of ${ROLES.join(', ')}`;
  if (typeof raw.hash !== 'string' || !HASH_PATTERN.test(raw.hash)) {
    return '"hash" should be "sha256:" and 64 lower-case hex digits (mobilityd token create writes it; never put a token itself here)';
  }
  for (const key of ['created', 'expires', 'revoked'] as const) {
    const value = raw[key];
    if (value === undefined && key !== 'created') continue;
    if (typeof value !== 'string' || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
      return `"${key}" should be an ISO 8601 time such as 2026-12-31T00:00:00Z${key === 'created' ? '' : ' (or absent)'}, not ${quoteValue(String(value))}`;
    }
  }
  return undefined;
}

/** Two entries with one hash would be one token with two names; two live entries with one name, ambiguous. */
function duplicateProblem(tokens: TokenEntry[]): string | undefined {
  const hashes = new Set<string>();
  const liveNames = new Set<string>();
  for (const entry of tokens) {
    if (hashes.has(entry.hash)) return `two entries have the same hash (${entry.name}): each token needs its own entry`;
    hashes.add(entry.hash);
    if (entry.revoked !== undefined) continue;
    if (liveNames.has(entry.name)) return `two tokens named ${quoteValue(entry.name)} are not revoked: names must be unique (revoke one)`;
    liveNames.add(entry.name);
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
