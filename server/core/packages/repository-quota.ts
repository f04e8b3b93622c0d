/**
 * The repository quota (config repositoryQuotaBytes, default 16 GiB): the most
 * bytes the repository folder may hold. An upload reserves its declared size
 * before a byte is written; the folder is measured again while the content
 * streams (files may be copied in by hand meanwhile) and once more just before
 * the commit. Measuring and reserving, and the final check with the commit,
 * run one at a time, so concurrent uploads never both take the last room.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../errors/app-error';
import { cutValue } from '../../../contract/quote-value';
import { isTempFileName } from './temp-files';

/** While streaming, the folder is measured again after every this many bytes received. */
export const QUOTA_RECHECK_BYTES = 4 * 1024 * 1024;

/** Room held for one upload until it is committed or has failed. */
export interface Reservation {
  readonly name: string;
  readonly bytes: number;
  /** Bytes received at the last check. */
  checkedAt: number;
}

/** RESOURCE_EXHAUSTED of its own kind, so HTTP can answer 507 Insufficient Storage rather than "retry later". */
export class RepositoryFullError extends AppError {
  constructor(name: string, bytes: number, dir: string, state: { used: number; inFlight: number; quota: number }) {
    const uploads = state.inFlight > 0 ? `, and uploads in progress take ${state.inFlight} more` : '';
    super(
      'resource_exhausted',
      `there is no room for ${cutValue(name)} (${bytes} bytes) in the repository ${dir}: it holds ${state.used} bytes of its quota of ` +
        `${state.quota} bytes${uploads}, so nothing was stored; free space with \`mobilityctl packages rm NAME\` ` +
        "(`mobilityctl packages` lists them) or raise repositoryQuotaBytes in mobilityd's config",
    );
  }
}

export class RepositoryQuota {
  private readonly reservations = new Set<Reservation>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    readonly quotaBytes: number,
  ) {}

  /** Holds room for an upload of `bytes`, or RepositoryFullError when the folder has none. */
  reserve(name: string, bytes: number): Promise<Reservation> {
    return this.serially(async () => {
      await this.requireRoom(name, bytes);
      const reservation: Reservation = { name, bytes, checkedAt: 0 };
      this.reservations.add(reservation);
      return reservation;
    });
  }

  /** Called as content arrives: measures the folder again every QUOTA_RECHECK_BYTES. */
  async whileStreaming(reservation: Reservation, received: number): Promise<void> {
    if (received - reservation.checkedAt < QUOTA_RECHECK_BYTES) return;
    reservation.checkedAt = received;
    await this.serially(() => this.requireRoom(reservation.name, reservation.bytes, reservation));
  }

  /**
   * Checks once more, then runs `commit` (the file gets its name) and frees the
   * reservation, with no other measurement in between: the new file is counted
   * either as reserved or as present, never twice and never not at all.
   */
  commit<T>(reservation: Reservation, commit: () => Promise<T>): Promise<T> {
    return this.serially(async () => {
      try {
        await this.requireRoom(reservation.name, reservation.bytes, reservation);
        return await commit();
      } finally {
        this.reservations.delete(reservation);
      }
    });
  }

  /** An upload that failed gives its room back (its temp file is not counted). */
  release(reservation: Reservation): void {
    this.reservations.delete(reservation);
  }

  private async requireRoom(name: string, bytes: number, own?: Reservation): Promise<void> {
    const used = await bytesInFolder(this.dir);
    let inFlight = 0;
    for (const r of this.reservations) if (r !== own) inFlight += r.bytes;
    if (used + inFlight + bytes > this.quotaBytes) {
      throw new RepositoryFullError(name, bytes, this.dir, { used, inFlight, quota: this.quotaBytes });
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** The regular files the folder holds, packages or not; uploads' temp files are counted as reservations instead. */
async function bytesInFolder(dir: string): Promise<number> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const sizes = await Promise.all(
    entries
      .filter((e) => e.isFile() && !isTempFileName(e.name))
      .map((e) => fs.promises.lstat(path.join(dir, e.name)).then((s) => s.size, () => 0)),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
