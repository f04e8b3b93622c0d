/**
 * The TLS side of mobilityd's TCP listeners: the certificate, key and client
 * CAs read and checked at start (a problem stops mobilityd with a message
 * naming the file and the fix), then re-read when the files change. Changed
 * files that are whole and consistent replace the material for new
 * connections (open ones keep theirs); anything else (a key that does not
 * match yet, a half-written file, an expired certificate) leaves the last good
 * material in service, and says so once on stderr.
 *
 * gRPC (grpc-server-credentials.ts) and REST (https-server.ts) listen to the
 * same instance, so both always serve the same certificate.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import { watchFolders, type FolderWatcher } from './folder-watcher';
import { describeTlsFile, type TlsFiles } from './tls-files';
import { TlsFileError } from './tls-file-error';
import { contextOptions, describeMaterial, readTlsMaterial, sameBytes, sameMaterial, type TlsMaterial } from './tls-material';

export type ReloadListener = (options: SecureContextOptions) => void;

export interface ServerTlsOptions {
  /** Where notes go (a line without the "mobilityd: " prefix); stderr by default. */
  log?: (line: string) => void;
}

export class ServerTls {
  private readonly listeners = new Set<ReloadListener>();
  private readonly watcher: FolderWatcher;
  private readonly log: (line: string) => void;
  /** The last problem reported, so that a problem persisting is said once. */
  private reported = '';

  /** Reads and checks the files (TlsFileError when they cannot be served), then watches them. */
  static load(files: TlsFiles, options: ServerTlsOptions = {}): ServerTls {
    return new ServerTls(files, readTlsMaterial(files), options);
  }

  private constructor(
    readonly files: TlsFiles,
    private material: TlsMaterial,
    options: ServerTlsOptions,
  ) {
    this.log = options.log ?? ((line) => process.stderr.write(`mobilityd: ${line}\n`));
    this.warnAboutKeyMode();
    this.watcher = watchFolders(Object.values(files).filter(Boolean), () => this.reload(), (line) => this.log(line));
  }

  /** With a client CA, every TLS connection must present a certificate it signed. */
  get requireClientCertificate(): boolean {
    return this.files.clientCaFile !== '';
  }

  /** The fingerprint of the certificate served to new connections. */
  get fingerprint(): string {
    return this.material.fingerprint;
  }

  /** "CN=web-01, valid until 2027-03-01T10:00:00.000Z, sha256:…": what an operator checks after a start or a renewal. */
  get description(): string {
    return describeMaterial(this.material);
  }

  /** The secure context of new connections: certificate, key, client CAs. */
  contextOptions(): SecureContextOptions {
    return contextOptions(this.material);
  }

  /** Options of a TLS server: the context, and whether client certificates are required. */
  serverOptions(): TlsOptions {
    const required = this.requireClientCertificate;
    return { ...this.contextOptions(), requestCert: required, rejectUnauthorized: required };
  }

  /** Called with the new context options after each reload; answers the unsubscribe. */
  onReload(listener: ReloadListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the files again; called by the watcher, callable by anyone (SIGHUP, tests). */
  reload(): void {
    let next: TlsMaterial;
    try {
      next = readTlsMaterial(this.files);
    } catch (err) {
      if (!(err instanceof TlsFileError)) throw err;
      this.report(`${err.message}; still serving the previous certificate (${this.material.fingerprint}) until the files are whole again`);
      return;
    }
    this.reported = '';
    if (sameMaterial(next, this.material)) return;
    const changed = changedParts(this.material, next);
    this.material = next;
    // Fresh session ticket keys: a session resumed from before cannot skip a client-CA change.
    const options = { ...contextOptions(next), ticketKeys: randomBytes(48) };
    for (const listener of this.listeners) {
      try {
        listener(options);
      } catch (err) {
        // Not expected: readTlsMaterial made a secure context from the same options.
        this.log(`a listener could not take the new TLS files: ${(err as Error).message}`);
      }
    }
    this.log(`TLS files re-read (${changed} changed): new connections get the certificate ${describeMaterial(next)}`);
  }

  close(): void {
    this.watcher.close();
    this.listeners.clear();
  }

  private report(problem: string): void {
    if (problem === this.reported) return;
    this.reported = problem;
    this.log(problem);
  }

  /** A key others can read is a key others may have copied. */
  private warnAboutKeyMode(): void {
    if (process.platform === 'win32') return;
    const mode = fs.statSync(this.files.keyFile).mode & 0o777;
    if (mode & 0o004) {
      this.log(`WARNING: ${describeTlsFile(this.files, 'keyFile')} is readable by every user (mode ${mode.toString(8).padStart(4, '0')}): chmod 0600 it, owned by the user mobilityd runs as`);
    }
  }
}

/** "certificate and key", "client CA", ...: what a reload took. */
function changedParts(before: TlsMaterial, after: TlsMaterial): string {
  const parts = [
    !before.cert.equals(after.cert) && 'certificate',
    !before.key.equals(after.key) && 'key',
    !sameBytes(before.ca, after.ca) && 'client CA',
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
}
