/**
 * Finding 4: a daemon killed with SIGKILL in the middle of a 50 MB
 * UploadPackage left its `.upload-*.partial` in the repository, because
 * startup removed only temp files older than five minutes. After a restart no
 * upload is in flight, so startup removes them all. A real daemon child process
 * (dist/mobilityd.cjs; run `npm run build` first), killed as
 * test/server/jobs-crash.test.ts kills one; waiting follows the repository folder's
 * own change events, never time.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headerFor, linuxPackageName } from '../helpers/package-archives';
import { useKillableDaemons } from '../helpers/killable-daemons';

const SIZE = 50 * 1024 * 1024;
const CHUNK = 64 * 1024;
const TEMP_FILE = /^\.upload-[0-9a-f]+\.partial$/;

/** Resolves with the temp file's path once an upload's temp file in `dir` holds at least `bytes`. */
function untilPartialHolds(dir: string, bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const watcher = fs.watch(dir);
    const check = () => {
      for (const name of fs.readdirSync(dir).filter((n) => TEMP_FILE.test(n))) {
        const size = fs.statSync(path.join(dir, name), { throwIfNoEntry: false })?.size ?? 0;
        if (size < bytes) continue;
        watcher.close();
        return resolve(path.join(dir, name));
      }
    };
    watcher.on('change', check);
    watcher.on('rename', check);
    watcher.on('error', reject);
    check();
  });
}

describe('finding 4: a crashed upload leaves no partial file after a restart', function () {
  this.timeout(60_000);
  const { start, repository } = useKillableDaemons();

  it('finding 4: kill -9 halfway through a 50 MB UploadPackage, restart: the repository holds no .upload-*.partial', async () => {
    const first = await start();
    // The upload never completes, so its content is never checked: random bytes will do.
    const data = randomBytes(SIZE);
    let release!: () => void;
    const killed = new Promise<void>((resolve) => (release = resolve));
    async function* content() {
      for (let offset = 0; offset < SIZE / 2; offset += CHUNK) yield data.subarray(offset, offset + CHUNK);
      await killed; // the rest is never sent: the daemon dies holding half
    }
    const upload = first.client.uploadPackage(headerFor(linuxPackageName(), data), content()).catch((err: Error) => err);
    const partial = await untilPartialHolds(repository(), SIZE / 2);
    await first.kill('SIGKILL');
    release();
    assert.ok((await upload) instanceof Error, 'the upload failed with its daemon');
    assert.ok(fs.statSync(partial).size >= SIZE / 2, 'the dead daemon left its half-written temp file');

    const second = await start();
    assert.deepEqual(fs.readdirSync(repository()), [], 'startup removed the partial file, however recent');
    assert.deepEqual((await second.client.listPackages()).packages, []);
  });
});
