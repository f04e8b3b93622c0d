/**
 * The configuration server's passphrase, read from a local file for one
 * registration: a short line of text, one trailing newline dropped, checked,
 * never stored or shown. Problems with the file are LocalFileErrors.
 */
import * as fs from 'node:fs';
import { fsReason } from '../errors/fs-reason';
import { LocalFileError } from '../errors/local-file-error';

/** A passphrase is a line of text; anything bigger is the wrong file. */
export const MAX_PASSPHRASE_BYTES = 64 * 1024;

export async function readPassphraseFile(file: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    throw new LocalFileError(`cannot read passphrase file ${file}: ${fsReason(err)}`);
  }
  if (!stat.isFile()) throw new LocalFileError(`passphrase file ${file} is not a regular file`);
  if (stat.size > MAX_PASSPHRASE_BYTES) {
    throw new LocalFileError(`passphrase file ${file} holds ${stat.size} bytes; a passphrase file is one short line — is it the right file?`);
  }
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw new LocalFileError(`cannot read passphrase file ${file}: ${fsReason(err)}`);
  }
  const passphrase = dropTrailingNewline(text);
  if (passphrase === '') throw new LocalFileError(`passphrase file ${file} is empty`);
  return passphrase;
}

/** The line without its end: "\r\n" or "\n", once. */
export function dropTrailingNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}
