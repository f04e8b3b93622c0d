/** Reads one configured TLS file, with an error that says which file, what is wrong and how to fix it. */
import * as fs from 'node:fs';
import { describeTlsFile, type TlsFileRole, type TlsFiles } from './tls-files';
import { TlsFileError } from './tls-file-error';

/** Far above any certificate chain or CA bundle; a bigger file is not one. */
const MAX_TLS_FILE_BYTES = 1024 * 1024;

export function readTlsFile(files: TlsFiles, role: TlsFileRole): Buffer {
  const file = describeTlsFile(files, role);
  let bytes: Buffer;
  try {
    const stat = fs.statSync(files[role]);
    if (stat.isDirectory()) throw new TlsFileError(`${file} is a folder: give the path of the PEM file in it`);
    if (stat.size > MAX_TLS_FILE_BYTES) throw new TlsFileError(`${file} is ${stat.size} bytes, too big for a PEM ${role === 'keyFile' ? 'key' : 'certificate file'}: check the path`);
    bytes = fs.readFileSync(files[role]);
  } catch (err) {
    if (err instanceof TlsFileError) throw err;
    throw new TlsFileError(`cannot read ${file}: ${reason(err as NodeJS.ErrnoException, role)}`);
  }
  if (bytes.toString('latin1').trim() === '') throw new TlsFileError(`${file} is empty: ${howToMake(role)}`);
  return bytes;
}

function reason(err: NodeJS.ErrnoException, role: TlsFileRole): string {
  switch (err.code) {
    case 'ENOENT':
      return `there is no such file; give the right path, or ${howToMake(role)}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied for the user mobilityd runs as (uid ${process.getuid?.() ?? '?'}); make it readable by that user, e.g. ${role === 'keyFile' ? 'chown mobilityd FILE && chmod 0600 FILE (and no one else)' : 'chmod 0644 FILE'}`;
    default:
      return err.message;
  }
}

export function howToMake(role: TlsFileRole): string {
  return role === 'clientCaFile'
    ? 'give the PEM certificate of the CA that signs the client certificates'
    : 'make a certificate and key with: mobilityd tls init --out DIR --host NAME';
}
