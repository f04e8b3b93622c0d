/**
 * Hostile string values, made from a valid value of the field they go into, so
 * that the hostile part is the only thing wrong with the request:
 *
 *  - every string field gets the characters that fool people and terminals:
 *    NUL, bidi overrides and isolates, zero-width and BOM, an ANSI escape, a
 *    C1 control, CR LF (header injection), a line separator, and a value far
 *    longer than any answer may echo;
 *  - name-like fields (log, package and job names, paths, addresses, hashes)
 *    also get path traversal (plain, Windows, percent-encoded and
 *    double-encoded) and shell metacharacters. The shell ones `touch` the
 *    canary file: if anything ever hands one to a shell, the file appears.
 */
import * as os from 'node:os';
import * as path from 'node:path';

/** Where a shell would leave its mark if any hostile value ever reached one (checked after each corpus): unique to this test process. */
export const CANARY = path.join(os.tmpdir(), `mobility-hostile-canary-${process.pid}`);

export interface HostileValue {
  /** What it is, for the test title, e.g. "a bidi override (U+202E)". */
  kind: string;
  value: string;
}

/** Longer than any echo may be (100 characters) and than any field accepts. */
export const LONG_LENGTH = 10_000;

const middle = (valid: string) => Math.min(3, valid.length);
const insert = (valid: string, text: string) => `${valid.slice(0, middle(valid))}${text}${valid.slice(middle(valid))}`;

/** For every string field: characters, not names. */
export function characterVariants(valid: string): HostileValue[] {
  return [
    { kind: 'a NUL inside', value: insert(valid, '\u0000') },
    { kind: 'a trailing NUL and more', value: `${valid}\u0000.tar.gz` },
    { kind: 'a bidi override (U+202E)', value: `${valid}\u202Egz.rat` },
    { kind: 'a bidi isolate (U+2067 … U+2069)', value: `\u2067${valid}\u2069` },
    { kind: 'a zero-width space and a BOM', value: `\uFEFF${insert(valid, '\u200B')}` },
    { kind: 'an ANSI escape sequence', value: `${valid}\u001b[2J\u001b[31mFAKE` },
    { kind: 'a C1 control (U+009B, CSI)', value: `${valid}\u009b31m` },
    { kind: 'CR LF (header injection)', value: `${valid}\r\nX-Injected: 1` },
    { kind: 'a line separator (U+2028)', value: `${valid}\u2028` },
    { kind: `${LONG_LENGTH.toLocaleString('en-US')} characters`, value: `${valid}${'x'.repeat(LONG_LENGTH)}` },
  ];
}

/** For name-like fields: traversal and shell metacharacters, all printable ASCII. */
export function nameVariants(canary: string): HostileValue[] {
  return [
    { kind: 'path traversal', value: '../../../../etc/passwd' },
    { kind: 'Windows path traversal', value: '..\\..\\..\\windows\\win.ini' },
    { kind: 'percent-encoded traversal', value: '..%2F..%2F..%2Fetc%2Fpasswd' },
    { kind: 'double-encoded traversal', value: '..%252F..%252F..%252Fetc%252Fpasswd' },
    { kind: 'shell command substitution', value: `$(touch ${canary})` },
    { kind: 'shell backticks and separators', value: `x;touch ${canary}|\`touch ${canary}\`&&touch ${canary}` },
  ];
}

/** The characters a message must never carry raw: controls, format characters (bidi, zero-width, BOM), line and paragraph separators, half a surrogate pair. */
export const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
