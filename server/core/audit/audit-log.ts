/**
 * The audit log: one JSON object a line, for every mutating call and every
 * denied one (GetStatus and other reads that succeed are not audited), in
 * <stateDir>/audit.log, mode 0600, rotated by size (audit-file.ts). Every field
 * is sanitised here (audit-sanitise.ts): callers hand it what the request said.
 *
 * record() never throws and never waits on anything but one small synchronous
 * append (tens of microseconds on a local disk): a call is never refused or
 * delayed because its audit line could not be written. A failed write is
 * reported (once until a write succeeds again) and the line is lost.
 */
import * as path from 'node:path';
import type { ErrorCode } from '../../../contract/error-codes';
import { AuditFile } from './audit-file';
import { auditField } from './audit-sanitise';

export const AUDIT_LOG_FILE = 'audit.log';

export interface AuditEntry {
  /** ISO 8601 UTC, set by record(). */
  time: string;
  /** Token name, certificate subject (CN), 'local', 'unix' or 'anonymous'. */
  principal: string;
  /** The caller's address, e.g. "127.0.0.1:53210", or "unix". */
  peer: string;
  transport: 'grpc' | 'rest';
  /** RPC name, e.g. "Install" (REST calls use the RPC the route mirrors). */
  method: string;
  /** Job id, package name, log name. */
  target?: string;
  code: ErrorCode | 'ok';
  /** Short reason for a denial, e.g. "token expired", "needs operator". */
  detail?: string;
}

export interface AuditLogOptions {
  /** The file is rotated to FILE.1 when a line would take it past this many bytes. */
  maxBytes: number;
  /** Told when a line could not be written (default: one line on stderr until a write succeeds again). */
  onError?: (err: Error) => void;
  /** The clock of `time` (tests). */
  now?: () => Date;
}

/** The audit log of a daemon whose state folder is `stateDir` (a real path of this machine, not under root). */
export function auditLogPath(stateDir: string): string {
  return path.join(stateDir, AUDIT_LOG_FILE);
}

export class AuditLog {
  private readonly out: AuditFile;
  private readonly onError: (err: Error) => void;
  private readonly now: () => Date;
  private failing = false;
  private closed = false;

  constructor(file: string, options: AuditLogOptions) {
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes <= 0) {
      throw new RangeError(`the audit log's maxBytes must be a whole number of bytes above 0, not ${String(options.maxBytes)}`);
    }
    this.out = new AuditFile(file, options.maxBytes);
    this.onError = options.onError ?? ((err) => process.stderr.write(`mobilityd: cannot write the audit log ${file}: ${err.message}\n`));
    this.now = options.now ?? (() => new Date());
  }

  get file(): string {
    return this.out.file;
  }

  record(entry: Omit<AuditEntry, 'time'>): void {
    if (this.closed) return;
    try {
      this.out.append(auditLine(this.now(), entry));
      this.failing = false;
    } catch (err) {
      if (this.failing) return;
      this.failing = true;
      try {
        this.onError(err instanceof Error ? err : new Error(String(err)));
      } catch {
        // the reporter's own failure must not reach the call either
      }
    }
  }

  /** Makes the written lines durable; later records are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.out.sync();
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
    }
  }
}

/** The JSON line, keys in AuditEntry's order, optional fields only when given. */
export function auditLine(time: Date, entry: Omit<AuditEntry, 'time'>): string {
  const line: Record<string, string> = {
    time: time.toISOString(),
    principal: auditField(entry.principal),
    peer: auditField(entry.peer),
    transport: auditField(entry.transport),
    method: auditField(entry.method),
  };
  if (entry.target !== undefined && entry.target !== '') line.target = auditField(entry.target);
  line.code = auditField(entry.code);
  if (entry.detail !== undefined && entry.detail !== '') line.detail = auditField(entry.detail);
  return JSON.stringify(line);
}
