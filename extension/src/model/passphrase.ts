/**
 * A passphrase read from a local file for one Register: checked (a short line
 * of text), one trailing newline dropped, never stored or shown.
 */
import * as fs from 'node:fs';
import { fsReason } from '../../../cli/errors/fs-reason';

const MAX_PASSPHRASE_BYTES = 64 * 1024;

export async function readPassphraseFile(file: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    throw new Error(`cannot read passphrase file ${file}: ${fsReason(err)}`);
  }
  if (!stat.isFile()) throw new Error(`passphrase file ${file} is not a regular file`);
  if (stat.size > MAX_PASSPHRASE_BYTES) {
    throw new Error(`passphrase file ${file} holds ${stat.size} bytes; a passphrase file is one short line — is it the right file?`);
  }
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read passphrase file ${file}: ${fsReason(err)}`);
  }
  const passphrase = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (passphrase === '') throw new Error(`passphrase file ${file} is empty`);
  return passphrase;
}

/** For the password box: a passphrase is not empty. */
export function typedPassphraseProblem(text: string): string | undefined {
  return text === '' ? 'Type the configuration server\'s passphrase (it is sent once and never saved).' : undefined;
}
