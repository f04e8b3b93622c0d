/**
 * What a Linux installer package must hold (docs/installer-contract.md,
 * "Package content"): gzip-compressed tar data, readable to its end, with a
 * regular, executable `install` at its top level and a regular file
 * `UnifiedAgentConfigurator.sh` (at the top level, as in the sample packages,
 * or in a folder of the archive), and no member that `tar -xzf` would put
 * outside the job's work folder. The whole archive is read, so a package that
 * passes also extracts: a damaged or cut-short one is caught here, not in a job.
 *
 * node:zlib decompresses; node-tar's Parser reads the tar headers (entries
 * are skipped, never written anywhere).
 */
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { quoteValue } from '../../../contract/quote-value';

/**
 * A real package is mostly compressed payload (ratio near 1; the samples, all
 * shell script, about 5). More than this is a decompression bomb, refused
 * before it costs minutes of CPU.
 */
export const MAX_EXPANSION = 100;
const EXPANSION_SLACK_BYTES = 1024 * 1024;

const INSTALL = 'install';
const CONFIGURATOR = 'UnifiedAgentConfigurator.sh';
const REGULAR_FILE = new Set(['File', 'OldFile', 'ContiguousFile']);
const TYPE_WORDS: Record<string, string> = {
  SymbolicLink: 'a symbolic link',
  Link: 'a hard link',
  Directory: 'a folder',
  CharacterDevice: 'a device',
  BlockDevice: 'a device',
  FIFO: 'a named pipe',
};

/** Why the file is not a Linux package, or undefined when it is one. */
export async function linuxPackageProblem(file: string): Promise<string | undefined> {
  const { size } = await fs.promises.stat(file);
  const head = await readHead(file, 2);
  if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) return 'it is not gzip data (a .tar.gz starts with the bytes 1f 8b)';
  const archive = new ArchiveReader(size * MAX_EXPANSION + EXPANSION_SLACK_BYTES);
  try {
    await pipeline(fs.createReadStream(file), zlib.createGunzip(), (tar) => archive.read(tar));
  } catch (err) {
    // Checked first: stopping the read early makes pipeline() report its own abort, not our reason.
    if (archive.refusal) return archive.refusal;
    if (isZlibError(err)) return `its gzip data is damaged or cut short (${(err as Error).message})`;
    throw err;
  }
  return archive.problem();
}

/** Feeds decompressed bytes to node-tar's Parser and remembers what the contract asks about. */
class ArchiveReader {
  private readonly parser: Parser;
  private parseError?: Error;
  private expanded = 0;
  /** What `install` at the top level is, last one wins (as when extracting): undefined when absent. */
  private install?: ReadEntry;
  private hasConfigurator = false;
  private outside?: string;
  /** Why the archive is refused, once known: reading stops there. */
  refusal?: string;

  constructor(private readonly maxExpandedBytes: number) {
    // strict: a checksum failure or a truncated archive is an error, not a warning.
    // brotli/zstd false: the data is already decompressed; never guess another layer.
    this.parser = new Parser({ strict: true, brotli: false, zstd: false, onReadEntry: (entry) => this.onEntry(entry) });
    this.parser.on('error', (err: Error) => (this.parseError ??= err));
  }

  async read(tar: AsyncIterable<Buffer>): Promise<void> {
    let first = true;
    for await (const chunk of tar) {
      if (first && isCompressedAgain(chunk)) this.refuse('it is compressed twice (the gzip data holds more compressed data, not a tar archive)');
      first = false;
      this.expanded += chunk.length;
      if (this.expanded > this.maxExpandedBytes) this.refuse(`it expands to more than ${MAX_EXPANSION} times its size, which no installer does`);
      this.parser.write(chunk);
      this.throwIfBroken();
    }
    const ended = new Promise<void>((resolve) => {
      this.parser.once('end', resolve);
      this.parser.once('abort', resolve);
    });
    this.parser.end();
    await ended;
    this.throwIfBroken();
  }

  /** After the whole archive was read: what is missing, if anything. */
  problem(): string | undefined {
    if (!this.install) return `it has no \`${INSTALL}\` at its top level`;
    const type = this.install.type;
    if (!REGULAR_FILE.has(type)) return `\`${INSTALL}\` is not a regular file (it is ${TYPE_WORDS[type] ?? type})`;
    const mode = this.install.mode ?? 0;
    if ((mode & 0o111) === 0) return `\`${INSTALL}\` is not executable (mode ${mode.toString(8).padStart(4, '0')})`;
    if (!this.hasConfigurator) return `it holds no \`${CONFIGURATOR}\``;
    return undefined;
  }

  private onEntry(entry: ReadEntry): void {
    const name = memberName(entry.path);
    if (this.outside === undefined && leavesFolder(name)) this.outside = entry.path;
    if (name === INSTALL) this.install = entry;
    if (name.split('/').pop() === CONFIGURATOR && REGULAR_FILE.has(entry.type)) this.hasConfigurator = true;
    entry.resume(); // the content is not needed: let it flow past
  }

  private throwIfBroken(): void {
    if (this.outside !== undefined) {
      this.refuse(`the entry ${quoteValue(this.outside)} would be extracted outside the package's folder`);
    }
    if (this.parseError) this.refuse(`it is not a tar archive, or a damaged one (${tarReason(this.parseError)})`);
  }

  private refuse(reason: string): never {
    this.refusal = reason;
    throw new Error(reason);
  }
}

/** "./install" and "install" name the same member; a folder's trailing "/" goes ("..", kept, is refused). */
function memberName(raw: string): string {
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    parts.push(part);
  }
  return (raw.startsWith('/') ? '/' : '') + parts.join('/');
}

function leavesFolder(name: string): boolean {
  return name.startsWith('/') || name.split('/').includes('..');
}

/** gzip or zstd magic right at the start of what gunzip produced. */
function isCompressedAgain(chunk: Buffer): boolean {
  return (chunk[0] === 0x1f && chunk[1] === 0x8b) || chunk.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
}

/** node-tar's messages carry a code prefix ("TAR_BAD_ARCHIVE: ..."); people need only the words. */
function tarReason(err: Error): string {
  return err.message.replace(/^TAR_[A-Z_]+: /, '');
}

/** node:zlib's errors carry codes such as Z_DATA_ERROR (bad data) and Z_BUF_ERROR (cut short). */
function isZlibError(err: unknown): boolean {
  return ((err as NodeJS.ErrnoException)?.code ?? '').startsWith('Z_');
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
