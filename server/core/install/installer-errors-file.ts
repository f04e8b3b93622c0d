/**
 * The Linux installer's structured errors, /var/log/InstallerErrors.json.
 * Microsoft does not publish its schema, so this reads it tolerantly: a list
 * of objects at the top, or under the first property holding one (or a single
 * object), and from each object a name and a message under whichever of the
 * usual field names it uses. Unknown fields are ignored; malformed or
 * unexpected content yields no entries and a `problem` saying why.
 */
export interface InstallerError {
  /** The error's or failed check's name or id; "unnamed error" when it has none. */
  name: string;
  message: string;
  /** What to do about it, when the entry says. */
  action?: string;
}

export interface InstallerErrors {
  entries: InstallerError[];
  problem?: string;
}

const NAME_KEYS = ['errorname', 'name', 'checkname', 'check', 'prerequisite', 'errorid', 'errorcode', 'code', 'id'];
const MESSAGE_KEYS = ['message', 'errormessage', 'description', 'details', 'error', 'summary', 'possiblecauses'];
const ACTION_KEYS = ['recommendedaction', 'recommendation', 'remedy', 'action', 'possibleaction'];
const MAX_ENTRIES = 20;
const MAX_FIELD = 300;

export function parseInstallerErrors(text: string): InstallerErrors {
  if (text.trim() === '') return { entries: [], problem: 'the file is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, '')); // Windows tools like a BOM
  } catch (error) {
    return { entries: [], problem: `the file is not valid JSON (${(error as Error).message})` };
  }
  const list = entryList(value);
  if (!list) return { entries: [], problem: 'the file holds no list of error entries' };
  const entries = list.filter(isObject).slice(0, MAX_ENTRIES).map(toEntry);
  const more = list.length > MAX_ENTRIES ? `; ${list.length - MAX_ENTRIES} more entries not shown` : '';
  return more ? { entries, problem: more.slice(2) } : { entries };
}

function entryList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!isObject(value)) return undefined;
  const lists = Object.entries(value).filter(([, v]) => Array.isArray(v) && v.some(isObject));
  const preferred = lists.find(([k]) => /error|fail|check/i.test(k)) ?? lists[0];
  if (preferred) return preferred[1] as unknown[];
  return pick(value, NAME_KEYS) || pick(value, MESSAGE_KEYS) ? [value] : undefined;
}

function toEntry(item: Record<string, unknown>): InstallerError {
  const name = pick(item, NAME_KEYS) || 'unnamed error';
  const message = pick(item, MESSAGE_KEYS) || 'no message in the entry';
  const action = pick(item, ACTION_KEYS);
  return action ? { name, message, action } : { name, message };
}

/** The first of `keys` (any case, `_` and `-` ignored) with a string or number value, single-lined and capped. */
function pick(item: Record<string, unknown>, keys: readonly string[]): string {
  for (const key of keys) {
    const found = Object.keys(item).find((k) => k.toLowerCase().replace(/[_\-\s]/g, '') === key);
    const value = found === undefined ? undefined : item[found];
    if (typeof value === 'string' && value.trim() !== '') return clip(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return '';
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_FIELD ? `${line.slice(0, MAX_FIELD - 1)}…` : line;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
