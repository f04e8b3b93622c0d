/** The TLS bench's result rows: each variant side by side, the ratios to plain TCP, and a token's CPU cost. */
import type { BenchProfile } from './lib/profile';
import { atLeast, atMost, figure, type ResultRow } from './lib/report';
import { VARIANT_LABELS, type SecurityVariant } from './lib/secured-daemons';
import { median, summarize } from './lib/stats';
import type { TlsMeasurements } from './tls';

const B = 'tls';

export function tlsRows(m: TlsMeasurements, cfg: BenchProfile['tls']): ResultRow[] {
  return [...statusRows(m, cfg), ...authRows(m, cfg), ...followRows(m, cfg), ...backfillRows(m, cfg)];
}

/** `a`'s CPU per call minus `b`'s, round by round (their calls were made in turns). */
function cpuDifferences(results: TlsMeasurements['status'], a: SecurityVariant, b: SecurityVariant): number[] {
  const of = (v: SecurityVariant) => results.filter((p) => p.variant === v);
  return of(a).map((p) => p.serverCpuUsPerCall - of(b).find((q) => q.round === p.round)!.serverCpuUsPerCall);
}

function authRows(m: TlsMeasurements, cfg: BenchProfile['tls']): ResultRow[] {
  const cpu = (v: SecurityVariant) => median(m.auth.filter((p) => p.variant === v).map((p) => p.serverCpuUsPerCall));
  const differences = cpuDifferences(m.auth, 'token', 'plain');
  const spread = `rounds ${Math.round(Math.min(...differences))} to ${Math.round(Math.max(...differences))} µs`;
  return [
    figure(B, 'daemon CPU per ListJobs, plain TCP', cpu('plain'), 'µs', undefined, `median of ${cfg.authRounds} rounds, in turns with a token`),
    figure(B, 'daemon CPU per ListJobs, plain TCP + token', cpu('token'), 'µs'),
    figure(B, '  authentication: a token adds per call', median(differences), 'µs', atMost(cfg.authCpuTargetUs), `daemon CPU, token − plain, median of paired rounds (${spread})`),
  ];
}

function statusRows(m: TlsMeasurements, cfg: BenchProfile['tls']): ResultRow[] {
  const of = (v: SecurityVariant) => m.status.filter((p) => p.variant === v);
  const rate = (v: SecurityVariant) => median(of(v).map((p) => p.perSecond));
  const cpu = (v: SecurityVariant) => median(of(v).map((p) => p.serverCpuUsPerCall));
  const added = (a: SecurityVariant, b: SecurityVariant) => median(cpuDifferences(m.status, a, b));
  const n = cfg.statusRounds;
  const failed = m.status.filter((p) => p.errors > 0);
  const rows: ResultRow[] = [];
  for (const v of ['plain', 'tls', 'mtls'] as const) {
    const p99 = median(of(v).map((p) => p.latency.p99));
    rows.push(figure(B, `GetStatus, 1 in flight, ${VARIANT_LABELS[v]}`, rate(v), 'calls/s', undefined, `median of ${n} rounds; p99 ${p99.toFixed(2)} ms`));
  }
  rows.push(
    figure(B, '  GetStatus TLS / plain', rate('tls') / rate('plain'), 'x'),
    figure(B, '  GetStatus mTLS / plain', rate('mtls') / rate('plain'), 'x'),
    figure(B, 'daemon CPU per GetStatus, plain TCP', cpu('plain'), 'µs', undefined, `median of ${n} rounds`),
    figure(B, 'daemon CPU per GetStatus, plain TCP + token', cpu('token'), 'µs', undefined, `${Math.round(rate('token'))} calls/s (a token's cost: the ListJobs rows)`),
    figure(B, 'daemon CPU per GetStatus, TLS', cpu('tls'), 'µs'),
    figure(B, 'daemon CPU per GetStatus, mTLS', cpu('mtls'), 'µs'),
    figure(B, '  a client certificate adds per call', added('mtls', 'tls'), 'µs', undefined, 'daemon CPU, mTLS − TLS, median of paired rounds'),
    figure(
      B,
      'GetStatus phases without a failed call',
      (100 * (m.status.length - failed.length)) / m.status.length,
      '%',
      atLeast(100),
      failed.length ? `${VARIANT_LABELS[failed[0].variant]}: ${failed[0].errors} errors, ${failed[0].firstError}` : undefined,
    ),
  );
  return rows;
}

function followRows(m: TlsMeasurements, cfg: BenchProfile['tls']): ResultRow[] {
  const summary = (v: SecurityVariant) => summarize(m.follow.find((r) => r.variant === v)?.latencies ?? []);
  const [plain, tls, mtls] = (['plain', 'tls', 'mtls'] as const).map(summary);
  const written = m.follow.reduce((sum, r) => sum + r.written, 0);
  const delivered = m.follow.reduce((sum, r) => sum + r.delivered, 0);
  const duplicates = m.follow.reduce((sum, r) => sum + r.duplicates, 0);
  return [
    figure(B, 'follow p99, plain TCP', plain.p99, 'ms', undefined, `p50 ${plain.p50.toFixed(2)} ms; ${plain.count} lines, in turns with TLS and mTLS`),
    figure(B, 'follow p99, TLS', tls.p99, 'ms', undefined, `p50 ${tls.p50.toFixed(2)} ms; ${tls.count} lines`),
    figure(B, 'follow p99, mTLS', mtls.p99, 'ms', undefined, `p50 ${mtls.p50.toFixed(2)} ms; ${mtls.count} lines`),
    figure(B, '  follow p99 TLS / plain', tls.p99 / plain.p99, 'x', atMost(cfg.followP99TargetRatio)),
    figure(B, '  follow p99 mTLS / plain', mtls.p99 / plain.p99, 'x'),
    figure(B, 'follow lines delivered, all transports', (100 * delivered) / Math.max(1, written), '%', atLeast(100), duplicates ? `${duplicates} duplicates` : undefined),
  ];
}

function backfillRows(m: TlsMeasurements, cfg: BenchProfile['tls']): ResultRow[] {
  const of = (v: SecurityVariant) => m.backfill.filter((r) => r.variant === v);
  const mb = (v: SecurityVariant) => median(of(v).map((r) => r.mbPerSecond));
  const cpuPer100MB = (v: SecurityVariant) => median(of(v).map((r) => (r.serverCpuMs / Math.max(1, r.result.bytes)) * 1e8));
  const incomplete = m.backfill.filter((r) => r.result.bytes !== m.backfillBytes || r.result.reportedLines !== r.result.lines);
  const n = cfg.backfillRuns;
  return [
    figure(B, 'backfill, plain TCP', mb('plain'), 'MB/s', undefined, `median of ${n}; ${(m.backfillBytes / 1e6).toFixed(0)} MB; daemon CPU ${Math.round(cpuPer100MB('plain'))} ms per 100 MB`),
    figure(B, 'backfill, TLS', mb('tls'), 'MB/s', undefined, `daemon CPU ${Math.round(cpuPer100MB('tls'))} ms per 100 MB`),
    figure(B, 'backfill, mTLS', mb('mtls'), 'MB/s', undefined, `daemon CPU ${Math.round(cpuPer100MB('mtls'))} ms per 100 MB`),
    figure(B, '  backfill TLS / plain', mb('tls') / mb('plain'), 'x', atLeast(cfg.backfillTargetRatio)),
    figure(B, '  backfill mTLS / plain', mb('mtls') / mb('plain'), 'x'),
    figure(
      B,
      'backfill runs that read every byte',
      (100 * (m.backfill.length - incomplete.length)) / m.backfill.length,
      '%',
      atLeast(100),
      incomplete.map((r) => `${VARIANT_LABELS[r.variant]}: ${r.result.bytes} B`).join('; ') || undefined,
    ),
  ];
}
