/**
 * Splits one line of an INI inventory the way Ansible does (shell-like):
 * words separated by blanks, '…' and "…" keep blanks, a backslash escapes the
 * next character outside single quotes, and a # that starts a word starts a
 * comment.
 */

/** Thrown for an unterminated quote; the parser adds the file and line. */
export class TokenError extends Error {}

export function splitIniLine(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else if (c === '"' || c === "'") {
      quote = c;
      word = word ?? '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new TokenError(`the ${quote === '"' ? 'double' : 'single'} quote is not closed; close it on the same line (${quote}…${quote})`);
  if (word !== undefined) words.push(word);
  return words;
}
