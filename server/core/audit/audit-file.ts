/**
 * The audit log's file: whole lines appended synchronously, so lines are in
 * call order and each one is in the kernel before the call goes on (a daemon
 * crash loses none; a power cut may lose the last ones, which no fsync per
 * line is worth on the calls' path). The file is opened per line rather than
 * held open: an administrator who moves or deletes it gets a new one at the
 * next line, not writes into an unlinked inode.
 *
 * Rotation: when a line would take the file past maxBytes, the file is renamed
 * to FILE.1 (replacing the previous one) and a new file started. One
 * generation keeps disk use bounded at twice maxBytes whatever happens; longer
 * retention is the job of the host's log shipping (the rename is what
 * filebeat, fluent-bit and TailLog's follow all handle), not of a daemon
 * writing into its own state folder.
 */
import * as fs from 'node:fs';

const MODE = 0o600;

export class AuditFile {
  constructor(
    readonly file: string,
    private readonly maxBytes: number,
  ) {}

  get rotatedFile(): string {
    return `${this.file}.1`;
  }

  /** Appends one line (with its newline); throws what the file system says. */
  append(line: string): void {
    const data = Buffer.from(`${line}\n`, 'utf8');
    const opened = this.open();
    let fd = opened.fd;
    const size = opened.size;
    try {
      // An empty file takes any line: a line longer than maxBytes must still be written somewhere.
      if (size > 0 && size + data.length > this.maxBytes) {
        fs.closeSync(fd);
        fd = -1;
        fs.renameSync(this.file, this.rotatedFile);
        ({ fd } = this.open());
      }
      writeAll(fd, data);
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
  }

  /** Makes what was written durable (daemon shutdown). */
  sync(): void {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // nothing was ever written
      throw err;
    }
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** O_APPEND, created 0600; a file found with a wider mode (made by hand) is narrowed. */
  private open(): { fd: number; size: number } {
    const fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, MODE);
    try {
      const stat = fs.fstatSync(fd);
      if ((stat.mode & 0o777) !== MODE) fs.fchmodSync(fd, MODE);
      return { fd, size: stat.size };
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }
}

function writeAll(fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written);
}
