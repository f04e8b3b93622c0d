/** Text from hosts goes into Markdown tooltips and documents: escape it so it shows as written. */

/** Escapes Markdown's punctuation (and HTML's angle brackets) in a piece of plain text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (ch) => `\\${ch}`);
}

/** Inline code, with a fence longer than any backtick run inside. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: escaped, one line, pipes escaped. */
export function cell(text: string): string {
  return escapeMarkdown(text.replace(/\r?\n/g, ' '));
}
