/**
 * Request values as error messages show them: JSON-quoted (quotes, control
 * characters and surrounding spaces stay visible) and cut to about 100
 * characters with an ellipsis. A message that echoed a value whole let the
 * request decide the size of the answer: a 1 MB log name made a 1 MB
 * grpc-message trailer, which clients refuse. Every message that quotes a
 * request value goes through here. Secrets are never quoted at all.
 */
export const QUOTED_VALUE_MAX_CHARS = 100;

export function quoteValue(value: string, max = QUOTED_VALUE_MAX_CHARS): string {
  return JSON.stringify(cutValue(value, max));
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
