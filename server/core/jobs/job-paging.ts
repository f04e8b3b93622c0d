/**
 * ListJobs paging. Jobs are listed newest first, which is descending id order
 * (job-ids.ts). A page token is opaque to clients; inside it is the id of the
 * last job of the previous page, so the next page starts right after that job
 * even when new jobs were created in between (they sort before it and belong
 * to the first page, which a client re-reads to see them).
 */
import { invalidArgument } from '../errors/app-error';
import { isJobId } from './job-ids';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;
const TOKEN_PREFIX = 'jobs.v1:';

/** 0 means the default; above the maximum is lowered to it (AIP-158); negative is refused. */
export function effectivePageSize(pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 0) {
    throw invalidArgument(`page_size must be 0 (the default, ${DEFAULT_PAGE_SIZE}) or a positive number up to ${MAX_PAGE_SIZE}`);
  }
  return pageSize === 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
}

export function encodePageToken(lastId: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${lastId}`, 'utf8').toString('base64url');
}

/** The id the token continues after; INVALID_ARGUMENT for anything this API did not hand out. */
export function decodePageToken(token: string): string {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const id = text.startsWith(TOKEN_PREFIX) ? text.slice(TOKEN_PREFIX.length) : '';
  if (!isJobId(id)) {
    throw invalidArgument('the page token is not one this daemon returned; pass the next page token of the previous page of jobs, or none for the first page');
  }
  return id;
}

/**
 * One page of `idsAscending` (every job id, oldest first), newest first.
 * Returns the ids of the page and the token of the next one ('' on the last page).
 */
export function pageIds(idsAscending: readonly string[], pageSize: number, pageToken: string): { ids: string[]; next: string } {
  const size = effectivePageSize(pageSize);
  let end = idsAscending.length; // exclusive: the page takes ids below this index, walking down
  if (pageToken) end = lowerBound(idsAscending, decodePageToken(pageToken));
  const start = Math.max(0, end - size);
  const ids = idsAscending.slice(start, end).reverse();
  return { ids, next: start > 0 ? encodePageToken(ids[ids.length - 1]) : '' };
}

/** The first index whose id is not below `id`. */
function lowerBound(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
