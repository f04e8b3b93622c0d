/**
 * What every answer to a hostile request must be, whatever the transport: the
 * expected code, a message that names what was wrong, is bounded, echoes at
 * most 100 characters of the value (contract/quote-value.ts) and never
 * carries a raw control, bidi or invisible character (a quoted value shows
 * them escaped, \u202e), and never a piece of a secret.
 */
import { strict as assert } from 'node:assert';
import { QUOTED_VALUE_MAX_CHARS } from '../../../contract/quote-value';
import { MAX_ERROR_MESSAGE_CHARS } from '../../../server/core/errors/message-cap';
import type { Code, Refusal } from './corpus-types';
import { UNSAFE_CHARACTER } from './hostile-values';

/** A piece of a secret this long must never appear. */
const SECRET_PIECE = 6;
const FULL_SCAN = 20_000;

export interface Answered {
  code: Code | string | undefined;
  message: string;
}

export function checkRefusal(got: Answered, expected: Refusal, value: string | undefined): void {
  const said = `${got.code}: ${got.message.slice(0, 400)}`;
  assert.equal(got.code, expected.code, `expected ${expected.code}, got ${said}`);
  checkMessageSafe(got.message, value, expected.secret ?? false);
  assert.match(got.message, expected.mentions, `the message names what was wrong (${expected.mentions}): ${said}`);
}

/** The bounds and escapes every message keeps, also in stream events and error lines. */
export function checkMessageSafe(message: string, value: string | undefined, secret: boolean): void {
  assert.ok(message.length <= MAX_ERROR_MESSAGE_CHARS, `a message of ${message.length} characters (at most ${MAX_ERROR_MESSAGE_CHARS})`);
  const raw = UNSAFE_CHARACTER.exec(message);
  assert.equal(raw, null, `the message carries a raw ${describe(raw?.[0])} at ${raw?.index}: ${JSON.stringify(message.slice(0, 300))}`);
  if (value === undefined) return;
  if (secret) {
    for (let i = 0; i + SECRET_PIECE <= value.length; i++) {
      const piece = value.slice(i, i + SECRET_PIECE);
      assert.ok(!message.includes(piece), `a piece of the secret (${JSON.stringify(piece)}) appears in: ${message}`);
    }
    return;
  }
  const longest = QUOTED_VALUE_MAX_CHARS + 1;
  // Every start in the first FULL_SCAN characters (where a cut echo starts); past them, a stride that
  // still finds any echo of twice the bound, so a megabyte value costs no more than a few thousand looks.
  for (let i = 0; i + longest <= value.length; i += i < FULL_SCAN ? 1 : QUOTED_VALUE_MAX_CHARS) {
    const run = value.slice(i, i + longest);
    if (message.includes(run)) assert.fail(`more than ${QUOTED_VALUE_MAX_CHARS} characters of the value are echoed: ${message.slice(0, 300)}…`);
  }
}

function describe(ch: string | undefined): string {
  return ch === undefined ? 'character' : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
