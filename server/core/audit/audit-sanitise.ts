/**
 * What may go into an audit line. The audit log records what callers sent
 * (package names, job ids, log names), so every field is attacker-chosen text:
 * it is capped, cleaned of anything that could forge a second line or hide
 * text in a terminal, and dropped whole when it looks like a credential. The
 * log cannot know which strings are secrets; these are the shapes a secret of
 * this daemon takes.
 */

/** The most characters (code points) of one field; longer values are cut and end with "…". */
export const MAX_FIELD_CHARS = 200;
export const REDACTED = '[redacted]';
/** What a stripped character becomes: visible, and never part of a name a caller could send. */
const REPLACEMENT = '\uFFFD';

/**
 * C0 and C1 controls (newlines included), DEL, the Unicode line and paragraph
 * separators, and every format character: the bidirectional overrides,
 * isolates and marks ("trojan source": text that reads differently in a
 * terminal from what it is), zero-width spaces and joiners, the BOM.
 */
const UNSAFE_CHARS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

const SECRET_SHAPES: readonly RegExp[] = [
  /mobility_[A-Za-z0-9_-]{20,}/i, // a mobilityd bearer token (mobilityd token create)
  /\bbearer\s+[A-Za-z0-9._~+/-]{8,}/i, // an Authorization value; "bearer token" in prose stays
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/, // a PEM private key
];

/** A field as the audit line holds it. */
export function auditField(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  // Checked before the cut (a token at the cut would leak its start) and without
  // the unsafe characters (a token split by one is still a token).
  if (looksSecret(text) || looksSecret(text.replace(UNSAFE_CHARS, ''))) return REDACTED;
  return capChars(text.replace(UNSAFE_CHARS, REPLACEMENT), MAX_FIELD_CHARS);
}

function looksSecret(text: string): boolean {
  return SECRET_SHAPES.some((shape) => shape.test(text));
}

/** The first `max` code points (a surrogate pair is never split), with "…" when cut. */
function capChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max).join('')}…`;
}
