/** Plain aligned columns: readable in a terminal and stable in a pipe (no box drawing). */

export interface TableOptions {
  /** Spaces before every row. */
  indent?: number;
  /** Spaces between columns. */
  gap?: number;
}

/** Formats rows (the first may be a header) into lines ending in "\n". */
export function formatTable(rows: string[][], { indent = 0, gap = 2 }: TableOptions = {}): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const pad = ' '.repeat(indent);
  const lines = rows.map((row) => {
    // The last column is not padded, so no line ends in spaces.
    const cells = row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])));
    return (pad + cells.join(' '.repeat(gap))).trimEnd();
  });
  return lines.map((line) => `${line}\n`).join('');
}
