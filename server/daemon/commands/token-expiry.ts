/**
 * `--expires`: a lifetime from now (90m, 12h, 30d, 8w) or a moment (2026-12-31,
 * meaning 00:00 UTC as that day starts, or a full ISO 8601 time with its zone).
 */
import { quoteValue } from '../../../contract/quote-value';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const LIFETIME = /^([1-9][0-9]{0,5})([mhdw])$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const EXAMPLES = 'e.g. 90m, 12h, 30d, 8w, 2026-12-31 (00:00 UTC that day) or 2026-12-31T18:00:00Z';

/** The moment a token given `--expires text` expires; an Error saying what is wrong. */
export function parseExpiry(text: string, now: number): Date {
  const lifetime = LIFETIME.exec(text);
  if (lifetime) return new Date(now + Number(lifetime[1]) * UNIT_MS[lifetime[2]]);
  if (!DATE_ONLY.test(text) && !DATE_TIME.test(text)) {
    throw new Error(`--expires ${quoteValue(text)} is not a lifetime or a date: ${EXAMPLES}`);
  }
  const at = new Date(text);
  if (Number.isNaN(at.getTime()) || !isCalendarDate(text.slice(0, 10))) {
    throw new Error(`--expires ${quoteValue(text)} is not a real date: ${EXAMPLES}`);
  }
  if (at.getTime() <= now) {
    throw new Error(`--expires ${text} (${at.toISOString()}) is already past; give a later date or a lifetime, ${EXAMPLES}`);
  }
  return at;
}

/** Date accepts 2026-02-31 as March 3rd; a day that does not exist is a typo. */
function isCalendarDate(ymd: string): boolean {
  const [year, month, day] = ymd.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === ymd;
}
