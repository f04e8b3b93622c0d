/**
 * Job ids that sort by creation: 9 base-36 digits of a millisecond clock that
 * never runs backwards within the process, then random hex. ListJobs orders by
 * id, so "newest first" needs no second index and holds across restarts (the
 * clock part of a new id is at least the newest stored one, see `advancePast`).
 * Ids name files (<state>/jobs/<id>.json), so they are [0-9a-z-] only.
 */
import { randomBytes } from 'node:crypto';

const ID_PATTERN = /^[0-9a-z]{9}-[0-9a-f]{8}$/;

let lastMs = 0;

export function newJobId(now = Date.now()): string {
  lastMs = Math.max(now, lastMs + 1);
  return `${lastMs.toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

/** After loading stored jobs: new ids must sort after them even if the clock went back. */
export function advancePast(id: string): void {
  if (!isJobId(id)) return;
  lastMs = Math.max(lastMs, parseInt(id.slice(0, 9), 36));
}

export function isJobId(text: string): boolean {
  return ID_PATTERN.test(text);
}
