/**
 * Receives an upload's content: counts and hashes every byte as it arrives,
 * refuses more bytes than declared, and at the end checks size and sha256.
 * Writes go to a temp file (or nowhere, when an identical package is already
 * stored); committing under the real name is the repository's business.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { AppError, invalidArgument } from '../errors/app-error';
import { contentMismatch } from './repository-errors';
import type { CheckedUpload } from './upload-header';

/** Package files are readable by everyone (the push-install service, an admin); only mobilityd writes them. */
const PACKAGE_MODE = 0o644;

/** Told of every chunk written; it may refuse the upload by rejecting (the repository quota does). */
export type ProgressListener = (receivedBytes: number) => void | Promise<void>;

/**
 * Streams `content` into a new temp file at `tempFile`, verified and flushed to
 * disk. The caller removes the temp file, whatever happens.
 */
export async function receiveToFile(
  upload: CheckedUpload,
  content: AsyncIterable<Uint8Array>,
  tempFile: string,
  onProgress: ProgressListener,
): Promise<void> {
  // 'wx': the name is random, but never write through a file someone else made.
  const handle = await fs.promises.open(tempFile, 'wx', PACKAGE_MODE).catch((err) => {
    throw writeFailure(err, tempFile);
  });
  const writeChunk = async (chunk: Uint8Array) => {
    try {
      await writeAll(handle, chunk);
    } catch (err) {
      throw writeFailure(err, tempFile);
    }
  };
  try {
    await receive(upload, content, writeChunk, onProgress);
    try {
      await handle.chmod(PACKAGE_MODE); // the umask may have narrowed the mode at open
      // On disk before it gets its real name: after a crash, a package under an
      // installer name is whole, never a file of zeros.
      await handle.sync();
    } catch (err) {
      throw writeFailure(err, tempFile);
    }
  } finally {
    await handle.close();
  }
}

/** Reads and verifies `content` without storing it: the identical package is already there. */
export async function receiveAndDiscard(upload: CheckedUpload, content: AsyncIterable<Uint8Array>, onProgress: ProgressListener): Promise<void> {
  await receive(upload, content, async () => {}, onProgress);
}

async function receive(
  upload: CheckedUpload,
  content: AsyncIterable<Uint8Array>,
  write: (chunk: Uint8Array) => Promise<void>,
  onProgress: ProgressListener,
): Promise<void> {
  const hash = createHash('sha256');
  let received = 0;
  const chunks = content[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await chunks.next().catch((err) => Promise.reject(cutOff(err, received, upload.sizeBytes)));
      if (next.done) break;
      received += next.value.length;
      if (received > upload.sizeBytes) {
        throw invalidArgument(`more than the declared size_bytes (${upload.sizeBytes}) arrived; nothing was stored`);
      }
      hash.update(next.value);
      await write(next.value);
      await onProgress(received);
    }
  } catch (err) {
    // Tell the source we stopped reading (as for-await would), without letting it mask our error.
    await chunks.return?.().catch(() => undefined);
    throw err;
  }
  if (received !== upload.sizeBytes) {
    throw invalidArgument(`the content ended after ${received} of the declared ${upload.sizeBytes} bytes (size_bytes); nothing was stored`);
  }
  const actual = hash.digest('hex');
  if (actual !== upload.sha256) throw contentMismatch(actual, upload.sha256);
}

/** A domain error passes through; anything else means the sender went away mid-upload. */
function cutOff(err: unknown, received: number, declared: number): AppError {
  if (err instanceof AppError) return err;
  const why = err instanceof Error ? err.message : String(err);
  return new AppError('unavailable', `the upload was cut off after ${received} of ${declared} bytes (${why}); nothing was stored, send it again`);
}

/** Writing the temp file failed: a full disk says so; the rest is the daemon's problem, not the sender's. */
function writeFailure(err: unknown, tempFile: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  const dir = path.dirname(tempFile);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError('resource_exhausted', `no space is left for the package in ${dir}; free some space and send it again (nothing was stored)`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError('permission_denied', `mobilityd cannot write to the repository ${dir} (${code}); give it write access to the folder`);
  }
  return new AppError('internal', `writing the package into ${dir} failed: ${(err as Error)?.message ?? String(err)}; nothing was stored`);
}

/** A file write may be short; loop until the whole chunk is on disk. */
async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let offset = 0; offset < chunk.length; ) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset, null);
    offset += bytesWritten;
  }
}
