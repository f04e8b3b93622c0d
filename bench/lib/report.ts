/** Result rows, each figure checked against its target, printed as a table and saved as JSON. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Verdict = 'PASS' | 'FAIL' | 'info' | 'ERROR';

export interface Target {
  op: '>=' | '<=';
  value: number;
}

export interface ResultRow {
  bench: string;
  metric: string;
  value: number | null;
  unit: string;
  target?: Target;
  verdict: Verdict;
  note?: string;
}

/** A figure; with a target it is PASS or FAIL, without one it is for information. */
export function figure(bench: string, metric: string, value: number, unit: string, target?: Target, note?: string): ResultRow {
  let verdict: Verdict = 'info';
  if (target) {
    const ok = Number.isFinite(value) && (target.op === '>=' ? value >= target.value : value <= target.value);
    verdict = ok ? 'PASS' : 'FAIL';
  }
  return { bench, metric, value: Number.isFinite(value) ? value : null, unit, target, verdict, note };
}

export function errorRow(bench: string, err: unknown): ResultRow {
  const message = err instanceof Error ? err.message : String(err);
  return { bench, metric: 'benchmark crashed', value: null, unit: '', verdict: 'ERROR', note: message.split('\n')[0].slice(0, 300) };
}

export function atLeast(value: number): Target {
  return { op: '>=', value };
}

export function atMost(value: number): Target {
  return { op: '<=', value };
}

function formatNumber(value: number | null, unit: string): string {
  if (value === null) return 'n/a';
  const fixed = (digits: number) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  switch (unit) {
    case 'ms':
      return fixed(Math.abs(value) < 10 ? 2 : 1);
    case '%':
      return fixed(value >= 99.995 && value < 100 ? 3 : 2);
    case 'x':
      return fixed(2);
    case 'MB/s':
    case 'MB':
    case 'MiB':
    case '% CPU':
      return fixed(1);
    default:
      return fixed(Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 2);
  }
}

function withUnit(text: string, unit: string): string {
  if (!unit) return text;
  return unit === 'x' ? `${text}×` : `${text} ${unit}`;
}

export function formatTable(rows: ResultRow[]): string {
  const header = ['bench', 'metric', 'value', 'target', 'result', 'notes'];
  const cells = rows.map((r) => [
    r.bench,
    r.metric,
    withUnit(formatNumber(r.value, r.unit), r.value === null ? '' : r.unit),
    r.target ? `${r.target.op === '>=' ? '≥' : '≤'} ${withUnit(formatNumber(r.target.value, r.unit), r.unit)}` : '',
    r.verdict,
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const rightAligned = new Set([2, 3]);
  const line = (c: string[]) =>
    c
      .map((text, i) => (i === c.length - 1 ? text : rightAligned.has(i) ? text.padStart(widths[i]) : text.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w, i) => (i === widths.length - 1 ? '-----' : '-'.repeat(w))).join('  ')];
  let previous = '';
  for (let i = 0; i < cells.length; i++) {
    if (previous && cells[i][0] !== previous) out.push('');
    previous = cells[i][0];
    out.push(line(cells[i]));
  }
  return out.join('\n');
}

export function verdictCounts(rows: ResultRow[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { PASS: 0, FAIL: 0, info: 0, ERROR: 0 };
  for (const r of rows) counts[r.verdict]++;
  return counts;
}

export function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  fs.renameSync(tmp, file);
}
