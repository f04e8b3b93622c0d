/**
 * ConnectionSecurity from what people configure: file names (a CA, a client
 * certificate and key, a token file), a pin as they copied it, a token. The
 * files are read and checked here, once, with errors that name the option and
 * the file and say what is wrong; a secret's content never appears in one.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { fsReason } from '../errors/fs-reason';
import { LocalFileError } from '../errors/local-file-error';
import type { ConnectionSecurity } from './connection-security';
import { fingerprintProblem, normaliseFingerprint } from './fingerprint';

export interface SecurityFiles {
  /** Speak TLS trusting the system's CAs (implied by the others). */
  tls?: boolean;
  tlsCaFile?: string;
  /** sha256:<hex>, any case, colons allowed. */
  tlsFingerprint?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** A file whose first line is the token. */
  tokenFile?: string;
  /** The token itself (e.g. from $MOBILITY_TOKEN or a secret store). */
  token?: string;
}

/** Which option was wrong, so that a caller can name it in its own terms (a flag, a setting). */
export class SecurityOptionError extends LocalFileError {
  constructor(
    readonly option: keyof SecurityFiles,
    message: string,
  ) {
    super(message);
    this.name = 'SecurityOptionError';
  }
}

/** PEM files and token files are small; anything bigger is the wrong file. */
const MAX_FILE_BYTES = 1024 * 1024;

export async function loadConnectionSecurity(files: SecurityFiles): Promise<ConnectionSecurity> {
  const security: ConnectionSecurity = {};
  if (files.tls) security.tls = true;
  if (files.tlsCertFile !== undefined && files.tlsKeyFile === undefined) {
    throw new SecurityOptionError('tlsKeyFile', `the client certificate ${files.tlsCertFile} needs its private key: give the key file too`);
  }
  if (files.tlsKeyFile !== undefined && files.tlsCertFile === undefined) {
    throw new SecurityOptionError('tlsCertFile', `the private key ${files.tlsKeyFile} needs its client certificate: give the certificate file too`);
  }
  if (files.tlsCaFile !== undefined && files.tlsFingerprint !== undefined) {
    throw new SecurityOptionError('tlsFingerprint', 'trust the daemon one way: a CA file or a pinned fingerprint, not both');
  }
  if (files.token !== undefined && files.tokenFile !== undefined) {
    throw new SecurityOptionError('token', 'give a token or a token file, not both');
  }
  if (files.tlsFingerprint !== undefined) {
    const pin = normaliseFingerprint(files.tlsFingerprint);
    if (!pin) throw new SecurityOptionError('tlsFingerprint', fingerprintProblem(files.tlsFingerprint));
    security.tlsFingerprint = pin;
  }
  if (files.tlsCaFile !== undefined) security.tlsCa = await readCertificates('tlsCaFile', files.tlsCaFile, 'CA file');
  if (files.tlsCertFile !== undefined && files.tlsKeyFile !== undefined) {
    security.tlsCert = await readCertificates('tlsCertFile', files.tlsCertFile, 'client certificate');
    security.tlsKey = await readPrivateKey(files.tlsKeyFile, files.tlsCertFile, security.tlsCert);
  }
  if (files.tokenFile !== undefined) security.token = await readTokenFile(files.tokenFile);
  if (files.token !== undefined) security.token = checkedToken('token', files.token, 'the token');
  return security;
}

async function readSmallFile(option: keyof SecurityFiles, file: string, what: string): Promise<Buffer> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    throw new SecurityOptionError(option, `cannot read the ${what} ${file}: ${fsReason(err)}`);
  }
  if (!stat.isFile()) throw new SecurityOptionError(option, `the ${what} ${file} is not a regular file`);
  if (stat.size > MAX_FILE_BYTES) throw new SecurityOptionError(option, `the ${what} ${file} holds ${stat.size} bytes; is it the right file?`);
  try {
    return await fs.promises.readFile(file);
  } catch (err) {
    throw new SecurityOptionError(option, `cannot read the ${what} ${file}: ${fsReason(err)}`);
  }
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** One or more PEM certificates, each parsed, so that a wrong file fails here and not in a handshake. */
async function readCertificates(option: keyof SecurityFiles, file: string, what: string): Promise<Buffer> {
  const pem = await readSmallFile(option, file, what);
  const blocks = pem.toString('utf8').match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new SecurityOptionError(option, `the ${what} ${file} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block); give the certificate in PEM form`);
  }
  blocks.forEach((block, i) => {
    try {
      new crypto.X509Certificate(block);
    } catch (err) {
      throw new SecurityOptionError(option, `the ${what} ${file}: certificate ${i + 1} is not a valid certificate (${(err as Error).message})`);
    }
  });
  return pem;
}

async function readPrivateKey(file: string, certFile: string, cert: Buffer): Promise<Buffer> {
  const pem = await readSmallFile('tlsKeyFile', file, 'private key');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem.toString('utf8'))) {
    throw new SecurityOptionError('tlsKeyFile', `the private key ${file} holds no PEM private key (no "-----BEGIN ... PRIVATE KEY-----" block)`);
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem.toString('utf8'))) {
    throw new SecurityOptionError('tlsKeyFile', `the private key ${file} is encrypted; give it unencrypted (openssl pkey -in KEY -out PLAIN), readable only by you`);
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(pem);
  } catch (err) {
    throw new SecurityOptionError('tlsKeyFile', `the private key ${file} cannot be read as a private key (${(err as Error).message})`);
  }
  if (!new crypto.X509Certificate(cert).checkPrivateKey(key)) {
    throw new SecurityOptionError('tlsKeyFile', `the private key ${file} does not belong to the client certificate ${certFile}`);
  }
  return pem;
}

async function readTokenFile(file: string): Promise<string> {
  const text = (await readSmallFile('tokenFile', file, 'token file')).toString('utf8');
  const token = text.split(/\r?\n/, 1)[0].trim();
  if (token === '') throw new SecurityOptionError('tokenFile', `the token file ${file} is empty (its first line holds the token)`);
  return checkedToken('tokenFile', token, `the token in ${file}`);
}

/** A header value carries printable ASCII without spaces; say so without showing the token. */
function checkedToken(option: keyof SecurityFiles, token: string, what: string): string {
  const trimmed = token.trim();
  if (trimmed === '') throw new SecurityOptionError(option, `${what} is empty`);
  if (!/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new SecurityOptionError(option, `${what} has characters a token cannot have (spaces, control characters or non-ASCII); is it the right token?`);
  }
  return trimmed;
}
