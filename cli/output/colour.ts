/**
 * Colour only for people at a terminal: never into pipes or files (scripts parse
 * them), and never when NO_COLOR is set (https://no-color.org) or TERM=dumb.
 */
export function colourEnabled(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

export function bold(text: string, colour: boolean): string {
  return colour ? `\x1b[1m${text}\x1b[22m` : text;
}

export type Tone = 'good' | 'warn' | 'bad' | 'plain';

const TONE_CODES: Record<Tone, string> = { good: '32', warn: '33', bad: '31', plain: '' };

/** Green, yellow or red text for outcomes; plain text without colour. */
export function toned(text: string, tone: Tone, colour: boolean): string {
  return colour && tone !== 'plain' ? `\x1b[${TONE_CODES[tone]}m${text}\x1b[39m` : text;
}

/**
 * Symbols like ✔ only for a terminal (TERM not dumb); pipes and files get plain
 * ASCII, which every log collector and Windows code page reads correctly.
 */
export function unicodeEnabled(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}
