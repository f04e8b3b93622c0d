/**
 * COPY_PACKAGE's copy: the package is copied into the job's own work folder
 * and hashed on the way, and the copy is what gets extracted. Verifying the
 * copy (not the repository file) means the bytes that run are the bytes that
 * were checked, even if someone replaces the repository file meanwhile.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Copies `from` to `to` (mode 0600) and returns the copy's hex sha256. */
export async function copyAndHash(from: string, to: string, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(fs.createReadStream(from), tap, fs.createWriteStream(to, { mode: 0o600 }), { signal });
  return hash.digest('hex');
}
