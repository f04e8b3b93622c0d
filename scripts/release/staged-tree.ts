/** A package's files laid out as on the host (DIR/usr/bin/mobilityd, ...), folders 0755: what dpkg-deb and rpmbuild pack. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PackagedFile } from './release-layout';

export async function stageTree(dir: string, files: readonly PackagedFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(dir, file.target);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Exactly 0755 whatever the umask: the package's folders become the host's.
    for (let folder = path.dirname(target); folder.startsWith(dir) && folder !== dir; folder = path.dirname(folder)) {
      await fs.promises.chmod(folder, 0o755);
    }
    await fs.promises.copyFile(file.source, target);
    await fs.promises.chmod(target, file.mode);
  }
}

/** Total size of the files, in KiB rounded up (the .deb's Installed-Size). */
export async function sizeKiB(files: readonly PackagedFile[]): Promise<number> {
  let bytes = 0;
  for (const file of files) bytes += (await fs.promises.stat(file.source)).size;
  return Math.ceil(bytes / 1024);
}
