/**
 * The daemon's view of the token file: answers "whose token is this, and may it
 * still be used?" on every call, and follows the file as it changes (create,
 * revoke, hand edits, replacement by rename) without a restart.
 *
 * How it follows the file: a check() looks at it only when it may have
 * changed (files/change-flag.ts: fs.watch on its folder, and at least once a
 * second for what the file system does not report); looking is a stat, and a
 * re-read only when its identity (device, inode, size, times) changed. A file
 * changed in the last instant is looked at and read on every call, because a
 * second write in the same clock tick can leave every stat field unchanged
 * (the same reasoning as files/parsed-file-cache.ts); its text is compared
 * with the last read, so it is parsed again only when it really changed. A
 * call made after `mobilityd token revoke` returns is checked against the
 * revocation (change-flag.ts says why the event comes first).
 *
 * When the file goes bad while mobilityd runs:
 *  - malformed (a hand edit with a typo): the last good contents stay in force,
 *    and stderr says so once. Refusing everyone would take the host's
 *    management away over a comma; the `mobilityd token` commands only ever
 *    write whole, valid files.
 *  - missing or unreadable (deleted, moved away, chmod 000): no token is
 *    accepted (reason "unreadable") until it is back, and stderr says so once.
 *    Removing the credentials is a deliberate act; honouring tokens from a file
 *    that is gone would surprise whoever removed it.
 */
import * as fs from 'node:fs';
import { ChangeFlag } from '../files/change-flag';
import type { Role } from './roles';
import { parseTokenFile, type TokenFile } from './token-file';
import { storedDigest, TOKEN_MAX_CHARS, tokenDigest } from './token-secret';

export type TokenCheck =
  | { ok: true; name: string; role: Role; expires?: Date }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'unreadable'; name?: string };

export interface TokenStoreOptions {
  /** Where problems with the file are told (once each); default: stderr. */
  warn?: (message: string) => void;
  /** The clock, for expiry. */
  now?: () => number;
  /** Told each time the file system reports the file changed (tests wait for it). */
  onFileEvent?: () => void;
}

/**
 * How long after a change a file is read on every call. A file time with a
 * fraction of a second comes from a file system with fine times (ext4, xfs,
 * btrfs, tmpfs, NTFS), stamped from a clock that advances at least every
 * 10 ms: 100 ms is ample. A whole second may be a coarse file system (ext3:
 * 1 s, FAT: 2 s): 3 s. The window is what a change costs: a read per call.
 */
const FINE_RACY_WINDOW_MS = 100;
const COARSE_RACY_WINDOW_MS = 3000;
/** The longest a change the file system did not report (a network file system's other clients) goes unseen. */
const POLL_MS = 1000;

interface KnownToken {
  name: string;
  expiresAt: number;
  revoked: boolean;
  /** check()'s answer while the token is valid: made once per read of the file, the same object on every call. */
  valid: TokenCheck;
}

interface Loaded {
  /** By digest (tokenDigest's form): a map lookup instead of a scan over every token. */
  byDigest: Map<string, KnownToken>;
  /** The valid tokens callers have presented since this read, by their text (check() says why this is safe). */
  presented: Map<string, KnownToken>;
  count: number;
  readAt: Date;
}

const UNKNOWN: TokenCheck = Object.freeze({ ok: false, reason: 'unknown' });
const UNREADABLE: TokenCheck = Object.freeze({ ok: false, reason: 'unreadable' });

export class TokenStore {
  private readonly warn: (message: string) => void;
  private readonly now: () => number;
  private loaded: Loaded;
  private seen: fs.Stats | undefined;
  private settled = false;
  private lastText: string | undefined;
  private unreadable = false;
  private problem: string | undefined;
  private looseMode = false;
  private closed = false;
  private readonly changes: ChangeFlag;

  /** Reads the file now; an Error saying what is wrong when it is missing, unreadable or malformed. */
  constructor(
    readonly file: string,
    options: TokenStoreOptions = {},
  ) {
    this.warn = options.warn ?? ((message) => process.stderr.write(`mobilityd: ${message}\n`));
    this.now = options.now ?? Date.now;
    const stat = this.statAtStart();
    // Watched before the first read: a change made while it is read is reported.
    this.changes = new ChangeFlag(file, { pollMs: POLL_MS, now: this.now, warn: this.warn, onEvent: options.onFileEvent });
    this.changes.lower();
    this.lastText = this.readAtStart();
    this.loaded = load(parseTokenFile(this.lastText, file));
    this.remember(stat);
    this.checkMode(stat);
  }

  /**
   * Whose token this is. A token is first compared by its SHA-256, never as
   * text: the lookup's timing depends only on the hash of the caller's own
   * guess, which is unpredictable to the caller, so how long a mismatch takes
   * reveals nothing that brings anyone closer to a valid token (learning part
   * of a stored hash gives no way to a token that has it). A map, not a
   * scan, so the cost does not grow with the number of tokens.
   *
   * A token found valid is then remembered as presented, until the file next
   * changes, so that its caller's next calls skip the hash: SHA-256 through
   * OpenSSL measured about 11 µs of daemon CPU per call, half of a token's
   * whole budget (docs/performance.md). That lookup is timing-safe too: a
   * JavaScript Map compares two strings' characters only once their seeded
   * 32-bit hashes are equal, and the seed is random per process, so a guess
   * cannot be steered towards a remembered token. Only tokens in the file are
   * remembered (never a guess), so their number is bounded by the file's.
   */
  check(token: string): TokenCheck {
    if (!this.closed && (this.changes.up || !this.settled || this.unreadable)) this.refresh();
    if (this.unreadable) return UNREADABLE;
    if (token.length === 0 || token.length > TOKEN_MAX_CHARS) return UNKNOWN;
    const known = this.loaded.presented.get(token) ?? this.lookUp(token);
    if (!known) return UNKNOWN;
    if (known.revoked) return { ok: false, reason: 'revoked', name: known.name };
    if (known.expiresAt <= this.now()) return { ok: false, reason: 'expired', name: known.name };
    return known.valid;
  }

  private lookUp(token: string): KnownToken | undefined {
    const known = this.loaded.byDigest.get(tokenDigest(token));
    if (known && !known.revoked) this.loaded.presented.set(token, known);
    return known;
  }

  /** Stops following the file; check() answers from what was last read. */
  close(): void {
    this.closed = true;
    this.changes.close();
  }

  private refresh(): void {
    this.changes.lower();
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(this.file, { throwIfNoEntry: false });
    } catch (err) {
      return this.markUnreadable(errorText(err));
    }
    if (!stat) return this.markUnreadable('it does not exist');
    if (this.settled && !this.unreadable && sameIdentity(stat, this.seen)) return;
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      return this.markUnreadable(errorText(err));
    }
    this.remember(stat);
    this.checkMode(stat);
    if (text === this.lastText && !this.unreadable) return;
    this.lastText = text;
    this.unreadable = false;
    try {
      this.loaded = load(parseTokenFile(text, this.file));
      this.report(undefined);
    } catch (err) {
      this.report(
        `${(err as Error).message}. Until it is fixed, mobilityd keeps the tokens it read last ` +
          `(${this.loaded.count} token(s), read at ${this.loaded.readAt.toISOString()}); \`mobilityd token list --tokens ${this.file}\` shows the problem too`,
      );
    }
  }

  private remember(stat: fs.Stats): void {
    this.seen = stat;
    const changed = Math.max(stat.mtimeMs, stat.ctimeMs);
    this.settled = this.now() - changed > (changed % 1000 === 0 ? COARSE_RACY_WINDOW_MS : FINE_RACY_WINDOW_MS);
  }

  private markUnreadable(reason: string): void {
    this.unreadable = true;
    this.seen = undefined;
    this.report(`the token file ${this.file} cannot be read (${reason}): no bearer token is accepted until it is back`);
  }

  /** Says each new problem once, and that it is over when it is. */
  private report(problem: string | undefined): void {
    if (problem === this.problem) return;
    if (problem !== undefined) this.warn(problem);
    else this.warn(`the token file ${this.file} is valid again: ${this.loaded.count} token(s) read`);
    this.problem = problem;
  }

  /** Anyone who may write the file may make themselves an operator. */
  private checkMode(stat: fs.Stats): void {
    const loose = process.platform !== 'win32' && (stat.mode & 0o022) !== 0;
    if (loose && !this.looseMode) {
      this.warn(
        `the token file ${this.file} is writable by ${stat.mode & 0o002 ? 'every user' : 'its group'} (mode ${(stat.mode & 0o777).toString(8)}): ` +
          `whoever can write it can give themselves any role; chmod 600 ${this.file}`,
      );
    }
    this.looseMode = loose;
  }

  private statAtStart(): fs.Stats {
    try {
      return fs.statSync(this.file);
    } catch (err) {
      throw new Error(startProblem(this.file, err));
    }
  }

  private readAtStart(): string {
    try {
      return fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      throw new Error(startProblem(this.file, err));
    }
  }
}

function load(data: TokenFile): Loaded {
  const byDigest = new Map<string, KnownToken>();
  for (const entry of data.tokens) {
    const expires = entry.expires === undefined ? undefined : new Date(entry.expires);
    const valid: TokenCheck = Object.freeze(expires ? { ok: true, name: entry.name, role: entry.role, expires } : { ok: true, name: entry.name, role: entry.role });
    byDigest.set(storedDigest(entry.hash), { name: entry.name, expiresAt: expires ? expires.getTime() : Infinity, revoked: entry.revoked !== undefined, valid });
  }
  return { byDigest, presented: new Map(), count: data.tokens.length, readAt: new Date() };
}

/** Field by field: building a string of five numbers would cost more than the stat. */
function sameIdentity(stat: fs.Stats, seen: fs.Stats | undefined): boolean {
  return (
    seen !== undefined &&
    stat.ino === seen.ino &&
    stat.dev === seen.dev &&
    stat.size === seen.size &&
    stat.mtimeMs === seen.mtimeMs &&
    stat.ctimeMs === seen.ctimeMs
  );
}

function errorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'it does not exist';
  if (code === 'EISDIR') return 'it is a folder';
  return (err as Error)?.message ?? String(err);
}

function startProblem(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return `the token file ${file} does not exist; create it with: mobilityd token create --tokens ${file} --name NAME --role operator`;
  }
  if (code === 'EACCES' || code === 'EPERM') {
    const uid = typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : '';
    return `the token file ${file} cannot be read by mobilityd${uid}: permission denied; give the user mobilityd runs as read access (and nobody else write access)`;
  }
  return `the token file ${file} cannot be read: ${errorText(err)}`;
}
