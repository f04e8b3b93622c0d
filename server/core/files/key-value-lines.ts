/**
 * KEY=value files as os-release(5) defines them, which the agent's
 * /usr/local/.vx_version and SLES's SuSE-release ("VERSION = 11") follow too:
 * comments and blank lines skipped, spaces around "=" allowed, values
 * optionally in single or double quotes, backslash escapes inside double quotes.
 */
export function parseKeyValueLines(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    values.set(key, unquote(line.slice(eq + 1).trim()));
  }
  return values;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    return quote === '"' ? inner.replace(/\\(["\\`$])/g, '$1') : inner;
  }
  // Unquoted values end at an inline comment (hand-edited files have them).
  return value.replace(/\s+#.*$/, '');
}
