/**
 * Appends timestamped lines to a log file in the order they were given, one
 * write per batch: lines that arrive while a write is in flight go out together
 * in the next one. The file is reopened for every batch (O_APPEND), so a log
 * rotated while a program runs continues in the new file.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export class LogAppender {
  private pending: string[] = [];
  private writing: Promise<void> | undefined;
  private failure: Error | undefined;

  private constructor(readonly file: string) {}

  /** Creates the log's folder first, so an unwritable log fails before any program starts. */
  static async open(file: string): Promise<LogAppender> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.appendFile(file, '');
    return new LogAppender(file);
  }

  /** Queues lines, each stamped `<ISO time> <line>`. */
  append(lines: readonly string[]): void {
    if (lines.length === 0 || this.failure) return;
    const stamp = new Date().toISOString();
    for (const line of lines) this.pending.push(`${stamp} ${line}\n`);
    this.writing ??= this.drain();
  }

  /** Resolves once everything appended so far is in the file (or writing failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** The first write error, if any: later lines are dropped rather than written out of order. */
  get error(): Error | undefined {
    return this.failure;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.failure) {
        const batch = this.pending.join('');
        this.pending = [];
        await fs.appendFile(this.file, batch);
      }
    } catch (err) {
      this.failure = err as Error;
      this.pending = [];
    } finally {
      this.writing = undefined;
    }
  }
}
