/**
 * Request values as error messages show them: JSON-quoted (quotes, control
 * characters and surrounding spaces stay visible) and cut to about 100
 * characters with an ellipsis. A message that echoed a value whole let the
 * request decide the size of the answer: a 1 MB log name made a 1 MB
 * grpc-message trailer, which clients refuse. Every message that quotes a
 * request value goes through here. Secrets are never quoted at all.
 *
 * What JSON.stringify leaves raw but a reader must see is escaped too: C1
 * controls (U+009B starts a terminal escape sequence), format characters
 * (bidi overrides and isolates, zero-width spaces, a BOM) and line and
 * paragraph separators. Raw, they let a request reorder or hide the text of
 * the message that quotes it, in a terminal, an editor or a log viewer.
 */
export const QUOTED_VALUE_MAX_CHARS = 100;

const INVISIBLE = /[\u0080-\u009f\p{Cf}\u2028\u2029]/gu;

export function quoteValue(value: string, max = QUOTED_VALUE_MAX_CHARS): string {
  return JSON.stringify(cutValue(value, max)).replace(INVISIBLE, escapeUnits);
}

/** \uXXXX for each UTF-16 unit (a format character beyond U+FFFF is a surrogate pair), as JSON writes them. */
function escapeUnits(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** The value itself when short enough, else its first `max` characters and "…". */
export function cutValue(value: string, max = QUOTED_VALUE_MAX_CHARS): string {
  if (value.length <= max) return value;
  let end = max;
  // Never split a surrogate pair: half a character is not text.
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${value.slice(0, end)}…`;
}
