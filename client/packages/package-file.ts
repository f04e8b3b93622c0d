/**
 * A local installer file for push: its name checked, its sha256 computed first
 * (UploadPackage declares it in the header, before any content), then its
 * content read again in 256 KiB chunks for the stream. Problems with the file
 * are LocalFileErrors.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageNameProblem } from '../../contract/package-name';
import { fsReason } from '../errors/fs-reason';
import { LocalFileError } from '../errors/local-file-error';

export const CHUNK_BYTES = 256 * 1024;

export interface LocalPackage {
  path: string;
  /** The file name, which becomes the package's name on the host. */
  name: string;
  sizeBytes: number;
  sha256: string;
}

/** Checks the name and the file, then hashes it; reports bytes hashed so far to onProgress. */
export async function inspectPackageFile(file: string, onProgress?: (bytes: number, total: number) => void): Promise<LocalPackage> {
  const name = path.basename(file);
  const problem = packageNameProblem(name);
  if (problem) throw new LocalFileError(`${problem}; rename the file before pushing it`);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    throw new LocalFileError(`cannot read ${file}: ${fsReason(err)}`);
  }
  if (!stat.isFile()) throw new LocalFileError(`${file} is not a regular file`);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of readChunks(file)) {
    hash.update(chunk);
    bytes += chunk.length;
    onProgress?.(bytes, stat.size);
  }
  return { path: file, name, sizeBytes: bytes, sha256: hash.digest('hex') };
}

/** The file's content for the upload stream; reports bytes handed over so far to onProgress. */
export async function* packageChunks(pkg: LocalPackage, onProgress?: (bytes: number) => void): AsyncIterable<Uint8Array> {
  let bytes = 0;
  for await (const chunk of readChunks(pkg.path)) {
    bytes += chunk.length;
    yield chunk;
    onProgress?.(bytes);
  }
  if (bytes !== pkg.sizeBytes) {
    throw new LocalFileError(`${pkg.path} changed while it was being pushed (${pkg.sizeBytes} bytes when hashed, ${bytes} now); push it again`);
  }
}

async function* readChunks(file: string): AsyncIterable<Buffer> {
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    throw new LocalFileError(`cannot read ${file}: ${fsReason(err)}`);
  } finally {
    stream.destroy();
  }
}
