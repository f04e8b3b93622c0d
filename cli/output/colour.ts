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
