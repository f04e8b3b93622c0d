/** SHA256SUMS in sha256sum's own format ("<hex>  <name>"), so `sha256sum -c SHA256SUMS` verifies a download. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Writes `output` listing `files` (all in output's folder) by base name, sorted. */
export async function writeChecksums(output: string, files: readonly string[]): Promise<void> {
  const names = files.map((file) => path.basename(file)).sort();
  const lines = await Promise.all(names.map(async (name) => `${await sha256(path.join(path.dirname(output), name))}  ${name}\n`));
  await fs.promises.writeFile(output, lines.join(''));
}
