/**
 * What must hold after a whole corpus, whatever the transport: the same
 * daemon process still serves, nothing was started, run or stored, and the
 * audit log (which records what callers sent) stayed clean.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditLogPath } from '../../../server/core/audit/audit-log';
import { processesOfRoot } from '../../helpers/process-scan';
import { rawRequest } from '../../helpers/raw-http';
import { PACKAGE_NAME, type HostileDaemon } from './hostile-daemon';
import { CANARY, UNSAFE_CHARACTER } from './hostile-values';

/** The daemon process is alive and still the one that started (GetStatus's pid). */
export async function assertStillServing(d: HostileDaemon): Promise<void> {
  assert.equal(d.daemon.child.exitCode, null, `the daemon exited:\n${d.daemon.output()}`);
  const health = await d.client.checkHealth();
  assert.equal(health.status, 1, 'gRPC health says SERVING');
  const status = await d.client.getStatus();
  assert.equal(status.daemon?.pid, d.daemon.pid, 'the same daemon process answers');
  const rest = await rawRequest({ base: d.restUrl, method: 'GET', path: '/healthz' });
  assert.equal(rest.status, 200, rest.text);
  assert.deepEqual(rest.json, { status: 'SERVING' });
  assert.equal((await rawRequest({ base: d.restUrl, method: 'GET', path: '/v1/status' })).status, 200);
}

/** No job exists, none is on disk, no installer runs, and no shell ever ran a hostile value. */
export async function assertNothingStarted(d: HostileDaemon): Promise<void> {
  assert.deepEqual((await d.client.listJobs()).jobs.map((j) => `${j.id} ${j.message}`), [], 'ListJobs is empty');
  const jobsDir = path.join(d.sandbox.stateDir, 'jobs');
  const jobFiles = fs.existsSync(jobsDir) ? fs.readdirSync(jobsDir) : [];
  assert.deepEqual(jobFiles, [], `no job file in ${jobsDir}`);
  assert.deepEqual(processesOfRoot(d.sandbox.root), [], 'no installer or configurator runs');
  assert.equal(fs.existsSync(CANARY), false, `a shell ran a hostile value: ${CANARY} exists`);
}

/**
 * The audit log records what callers sent (job ids, package and log names):
 * each line is still one JSON object (no hostile value forged a second), and
 * none carries a control, bidi or invisible character raw.
 */
export function assertAuditLogClean(d: HostileDaemon): void {
  const file = auditLogPath(d.sandbox.stateDir);
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
  assert.ok(lines.length > 0, `${file} records the refused mutating calls`);
  for (const line of lines) {
    const raw = UNSAFE_CHARACTER.exec(line);
    assert.equal(raw, null, `an audit line carries U+${raw?.[0].codePointAt(0)?.toString(16).toUpperCase()} raw: ${JSON.stringify(line)}`);
    assert.equal(typeof JSON.parse(line), 'object', `one JSON object a line: ${line}`);
  }
}

/** The repository holds the one package it started with: no partial upload, temp file or hostile name. */
export function assertRepositoryUntouched(d: HostileDaemon): void {
  assert.deepEqual(fs.readdirSync(d.repository), [PACKAGE_NAME], `the repository ${d.repository}`);
  // Nothing anywhere in the sandbox got a hostile name either (a traversal that wrote somewhere else).
  const strange = listFiles(d.sandbox.dir).filter((file) => /passwd|shadow|win\.ini|pwned|[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(file));
  assert.deepEqual(strange, [], 'no file with a hostile name');
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? [file, ...listFiles(file)] : [file];
  });
}
