/**
 * Turns a child's byte stream into lines: UTF-8 characters split across chunks
 * are kept whole, CRLF and LF both end a line, and a last line without a
 * newline still comes out at the end.
 */
import { StringDecoder } from 'node:string_decoder';

/** A line longer than this is cut, so a program that never prints a newline cannot exhaust memory. */
export const MAX_LINE_CHARS = 1024 * 1024;

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(private readonly maxLineChars = MAX_LINE_CHARS) {}

  /** The whole lines this chunk completes (without their line ends). */
  push(chunk: Buffer | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const pieces = text.split('\n');
    this.partial = pieces.pop() ?? '';
    const lines = pieces.map(stripCarriageReturn);
    while (this.partial.length > this.maxLineChars) {
      lines.push(this.partial.slice(0, this.maxLineChars));
      this.partial = this.partial.slice(this.maxLineChars);
    }
    return lines;
  }

  /** The unterminated last line, if any; call once when the stream ends. */
  end(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest ? [stripCarriageReturn(rest)] : [];
  }
}

const stripCarriageReturn = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
