/**
 * Blanks secrets out of text before it is logged or shown. Defence in depth:
 * mobilityd never puts a secret on a command line, but a program might still
 * echo what it read.
 */
export const REDACTED = '***';

/** A function that replaces every occurrence of every non-empty secret by ***. */
export function redactor(secrets: readonly string[] | undefined): (text: string) => string {
  // Longest first, so a secret that contains a shorter one is blanked whole.
  const list = [...new Set((secrets ?? []).filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => list.reduce((out, secret) => out.split(secret).join(REDACTED), text);
}
