/** Small formatters for values people read: sizes, durations, times, percentages. */
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';

/** What an empty or unknown value shows as, so columns never collapse. */
export const NONE = '-';

export function orNone(text: string | undefined): string {
  return text ? text : NONE;
}

export function formatBytes(bytes: bigint | number): string {
  const n = Number(bytes);
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  for (; value >= 1024 && unit < units.length - 1; unit++) value /= 1024;
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** "2d 3h", "4h 5m", "6m 7s", "8s": the two largest units are enough to read. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(seconds / 86400), 'd'],
    [Math.floor(seconds / 3600) % 24, 'h'],
    [Math.floor(seconds / 60) % 60, 'm'],
    [seconds % 60, 's'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  if (first < 0) return '0s';
  return parts
    .slice(first, first + 2)
    .map(([value, unit]) => `${value}${unit}`)
    .join(' ');
}

/** UTC, to the second: the daemon may be on another host in another time zone. */
export function formatTime(ts: Timestamp | undefined): string {
  if (!ts) return NONE;
  return timestampDate(ts).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatPercent(value: number): string {
  return `${value.toFixed(1)} %`;
}

/** Elapsed time with tenths under a minute ("<0.1s", "0.4s", "12.0s"), then as formatDuration ("1m 5s"). */
export function formatElapsed(ms: number): string {
  if (ms < 0) return NONE;
  if (ms < 100) return '<0.1s';
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  return formatDuration(ms);
}

/** Milliseconds from start to end (or to `now` when end is unset); undefined without a start. */
export function elapsedMs(start: Timestamp | undefined, end: Timestamp | undefined, now = Date.now()): number | undefined {
  if (!start) return undefined;
  const to = end ? timestampDate(end).getTime() : now;
  return to - timestampDate(start).getTime();
}
