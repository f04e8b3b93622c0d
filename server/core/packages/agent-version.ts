/** Agent versions are four dotted numbers (9.30.0.0); compared numerically, part by part. */
export function parseAgentVersion(text: string): number[] | undefined {
  const parts = text.trim().split('.');
  if (parts.length < 2 || parts.length > 4 || !parts.every((p) => /^\d{1,6}$/.test(p))) return undefined;
  return parts.map(Number);
}

/** Negative when a < b, 0 when equal, positive when a > b; unparsable versions sort first. */
export function compareAgentVersions(a: string, b: string): number {
  const pa = parseAgentVersion(a);
  const pb = parseAgentVersion(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
