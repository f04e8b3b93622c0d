/** The tables of a Markdown document, by the heading they sit under, so tests can hold docs and code together. */

export interface MarkdownTable {
  /** The nearest heading above the table, without its #s: "Exit codes". */
  heading: string;
  header: string[];
  rows: string[][];
}

/** Splits "| a | b |" into ["a", "b"] (cells trimmed; no escaped pipes are used in our docs). */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
}

export function markdownTables(text: string): MarkdownTable[] {
  const tables: MarkdownTable[] = [];
  let heading = '';
  let current: MarkdownTable | undefined;
  for (const line of text.split('\n')) {
    if (/^#+ /.test(line)) heading = line.replace(/^#+ /, '').trim();
    if (!line.trim().startsWith('|')) {
      current = undefined;
      continue;
    }
    if (!current) {
      current = { heading, header: cells(line), rows: [] };
      tables.push(current);
    } else if (!/^\|[\s|:-]+\|$/.test(line.trim())) {
      current.rows.push(cells(line));
    }
  }
  return tables;
}

/** Every whole number in a cell: "95519, 95520" gives [95519, 95520]. */
export function codesIn(cell: string): number[] {
  return (cell.match(/\d+/g) ?? []).map(Number);
}
