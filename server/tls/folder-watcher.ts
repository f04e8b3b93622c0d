/**
 * Tells when files may have changed: fs.watch on their folders (not on the
 * files, whose watch ends when a rename replaces them; and a Kubernetes
 * secret or an atomic `ln -sf` swaps a symlink beside them), settled for a
 * moment so that a certificate and its key written one after the other are
 * read together, plus a slow poll for where fs.watch says nothing (network
 * file systems, a folder replaced as a whole, inotify limits reached).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes that belong together (cert then key, a copy in several chunks) land well within this. */
const SETTLE_MS = 200;
/** The backstop: re-reading a few kilobytes once a minute costs nothing. */
const POLL_MS = 60_000;

export interface FolderWatcher {
  close(): void;
}

export function watchFolders(files: readonly string[], changed: () => void, log: (line: string) => void): FolderWatcher {
  let settle: NodeJS.Timeout | undefined;
  const soon = () => {
    clearTimeout(settle);
    settle = setTimeout(changed, SETTLE_MS);
    settle.unref();
  };
  const watchers: fs.FSWatcher[] = [];
  for (const folder of new Set(files.map((file) => path.dirname(file)))) {
    try {
      const watcher = fs.watch(folder, { persistent: false }, soon);
      watcher.on('error', (err) => {
        log(`cannot watch ${folder} for changed TLS files any more (${err.message}); they are still re-read every minute`);
        watcher.close();
      });
      watchers.push(watcher);
    } catch (err) {
      log(`cannot watch ${folder} for changed TLS files (${(err as Error).message}); they are re-read every minute instead`);
    }
  }
  const poll = setInterval(changed, POLL_MS);
  poll.unref();
  return {
    close() {
      clearTimeout(settle);
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
    },
  };
}
