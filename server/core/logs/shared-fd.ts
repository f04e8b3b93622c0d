/**
 * A file descriptor shared by the live follower and the clients that are still
 * reading older content from the same file generation. It is closed when the
 * last holder releases it, so a rotation never pulls a file out from under a
 * client in the middle of its backfill.
 */
import * as fs from 'node:fs';

export class SharedFd {
  private refs = 1;
  private static open = 0;

  private constructor(
    readonly fd: number,
    readonly fileId: string,
  ) {
    SharedFd.open++;
  }

  /** Opens a file for reading; its identity is read from the descriptor itself. */
  static openSync(file: string): SharedFd {
    const fd = fs.openSync(file, 'r');
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) {
        // A folder or device where a log should be: open() succeeds, reads would not.
        throw Object.assign(new Error(`${file} is not a regular file`), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
      }
      return new SharedFd(fd, fileIdOf(stat));
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  /** Open descriptors across all SharedFds, for leak tests and diagnostics. */
  static openCount(): number {
    return SharedFd.open;
  }

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (this.refs <= 0) return;
    if (--this.refs === 0) {
      SharedFd.open--;
      fs.close(this.fd, () => undefined);
    }
  }

  /** Positional read: never moves a shared cursor, so holders cannot disturb each other. */
  read(buffer: Buffer, length: number, position: number): Promise<number> {
    return new Promise((resolve, reject) => {
      fs.read(this.fd, buffer, 0, length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead)));
    });
  }

  readSync(buffer: Buffer, length: number, position: number): number {
    return fs.readSync(this.fd, buffer, 0, length, position);
  }

  sizeSync(): number {
    return fs.fstatSync(this.fd).size;
  }

  /** The file's size and link count (0 once it is deleted) from the descriptor itself. */
  statSync(): fs.Stats {
    return fs.fstatSync(this.fd);
  }
}

/** A file generation's identity: device and inode. Rotation changes it. */
export function fileIdOf(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}`;
}

/** Whether `text` has the form fileIdOf gives (two whole numbers), whatever file or host it came from. */
export function isFileId(text: string): boolean {
  return /^\d{1,24}:\d{1,24}$/.test(text);
}
