/**
 * A progress line on stderr ("pushing NAME  45%  12.3 MiB of 27.1 MiB"),
 * redrawn in place at most 10 times a second, only when stderr is a terminal:
 * logs and pipes get no carriage returns.
 */
import { formatBytes } from '../../client/format/format-values';

export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private total: number,
    stream: { isTTY?: boolean } = process.stderr,
  ) {
    this.enabled = stream.isTTY === true;
  }

  /** Redraws with `done` bytes of `total` (the total given to the constructor unless told). */
  update(done: number, total = this.total): void {
    if (!this.enabled) return;
    this.total = total;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const percent = this.total > 0 ? Math.floor((done / this.total) * 100) : 100;
    process.stderr.write(`\r\x1b[2K${this.label}  ${String(percent).padStart(3)}%  ${formatBytes(done)} of ${formatBytes(this.total)}`);
    this.drawn = true;
  }

  /** Clears the line, so what follows starts on a clean line. */
  end(): void {
    if (this.drawn) process.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}
