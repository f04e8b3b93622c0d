/**
 * `mobilityd token list`: names, roles, states and times; never a token or
 * any part of its hash (a name is what people and the daemon's messages use).
 */
import { tokenState, type TokenEntry } from '../../core/access/token-file';
import { readTokenFile } from '../../core/access/token-file-io';
import { parseTokenOptions, tokenFileOf } from './token-options';
import { TOKEN_USAGE } from './token-usage';

const COLUMNS = ['NAME', 'ROLE', 'STATE', 'CREATED', 'EXPIRES', 'REVOKED'];

export async function listTokens(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const options = parseTokenOptions('list', argv, ['json']);
  if (options.help) {
    out.write(TOKEN_USAGE);
    return 0;
  }
  const file = tokenFileOf(options);
  const data = await readTokenFile(file);
  if (!data) throw new Error(`the token file ${file} does not exist; mobilityd token create --tokens ${file} ... makes it`);
  const now = Date.now();
  if (options.json) {
    out.write(`${JSON.stringify({ file, tokens: data.tokens.map((entry) => listed(entry, now)) }, null, 2)}\n`);
    return 0;
  }
  if (data.tokens.length === 0) {
    err.write(`mobilityd token: ${file} holds no tokens (mobilityd token create adds one)\n`);
    return 0;
  }
  out.write(table([COLUMNS, ...data.tokens.map((entry) => row(entry, now))]));
  return 0;
}

function listed(entry: TokenEntry, now: number) {
  const { name, role, created, expires, revoked } = entry;
  return { name, role, state: tokenState(entry, now), created, ...(expires && { expires }), ...(revoked && { revoked }) };
}

function row(entry: TokenEntry, now: number): string[] {
  return [entry.name, entry.role, tokenState(entry, now), shortTime(entry.created), entry.expires ? shortTime(entry.expires) : 'never', entry.revoked ? shortTime(entry.revoked) : '-'];
}

/** To the second, in UTC: 2026-01-05T10:00:00Z. */
function shortTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  return rows.map((cells) => `${cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()}\n`).join('');
}
