/**
 * The daemon a hostile-input corpus runs against: mobilityd from its sources
 * as a child process (its memory is read from /proc), zero-config on loopback
 * (no tokens: every caller is an operator, so every input reaches the
 * handlers), over a sandbox set up so that a hostile value that slipped
 * through would get far: an agent installed (9.22, so Install is an upgrade
 * and Register reaches the passphrase checks), a package for the host in the
 * repository, and an installer log to tail. A case that was wrongly accepted
 * starts a real job, and the checks after the corpus see it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentControlClient } from '../../../client/agent-control-client';
import { CAPTURE_FILES } from '../../../server/core/logs/log-catalog';
import { memoryBaseline, MIB, type MemoryBaseline } from '../../helpers/process-memory';
import { rawRequest } from '../../helpers/raw-http';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { copySamplePackages, DEFAULT_SAMPLE_OS_TAG, DEFAULT_SAMPLE_VERSIONS } from '../../helpers/sample-packages';
import { startSourceDaemon, type SourceDaemon } from '../../helpers/source-daemon';
import { samplePackageName } from '../../../scripts/sample-packages/make-sample-packages';
import { CANARY } from './hostile-values';

/** How much the daemon may grow over a whole corpus, from a reading taken after its warm-up. */
export const CORPUS_MEMORY_BUDGET = 64 * MIB;
export const PACKAGE_VERSION = '9.30.0.0';
/** The one package in the repository: a valid package_name. */
export const PACKAGE_NAME = samplePackageName(PACKAGE_VERSION, DEFAULT_SAMPLE_OS_TAG, DEFAULT_SAMPLE_VERSIONS.find((v) => v.version === PACKAGE_VERSION)!.date);
export const INSTALLER_LOG = `/var/log/mobilityd/${CAPTURE_FILES.installer}`;
const AGENT_FILE = '/usr/local/.vx_version';

export interface HostileDaemon {
  daemon: SourceDaemon;
  sandbox: Sandbox;
  client: AgentControlClient;
  address: string;
  restUrl: string;
  repository: string;
  /** Taken after the warm-up: what the corpus may grow it by is measured from here. */
  memory: MemoryBaseline;
}

async function startHostileDaemon(): Promise<HostileDaemon> {
  const sandbox = makeSandbox();
  sandbox.write(AGENT_FILE, 'VERSION=9.22.0.0\nINSTALLATION_DIR=/usr/local/ASR/Vx\nROLE=MS\nPLATFORM=VmWare\n');
  sandbox.write(INSTALLER_LOG, Array.from({ length: 50 }, (_, i) => `installer line ${i + 1}\n`).join(''));
  const repository = path.join(sandbox.stateDir, 'repository');
  await copySamplePackages(repository, [PACKAGE_VERSION]);
  let daemon: SourceDaemon | undefined;
  let client: AgentControlClient | undefined;
  try {
    daemon = await startSourceDaemon(['--root', sandbox.root, '--state-dir', sandbox.stateDir]);
    client = new AgentControlClient(daemon.address);
    await warmUp(client, daemon.restUrl);
    const memory = memoryBaseline(daemon.pid);
    return { daemon, sandbox, client, address: daemon.address, restUrl: daemon.restUrl, repository, memory };
  } catch (err) {
    client?.close();
    await daemon?.kill();
    sandbox.remove();
    throw err;
  }
}

/** Every path once, so what is built lazily (the package's hash, the log's tail) is not counted as growth. */
async function warmUp(client: AgentControlClient, restUrl: string): Promise<void> {
  await client.getStatus();
  await client.listPackages();
  await client.listJobs();
  for await (const _ of client.tailLog({ log: 'installer', lastLines: 10n })) void _;
  for (const urlPath of ['/healthz', '/v1/status', '/v1/jobs', '/v1/packages', '/v1/logs/installer?lines=5']) {
    assert.equal((await rawRequest({ base: restUrl, method: 'GET', path: urlPath })).status, 200, urlPath);
  }
}

/** Call inside a describe: one daemon for all its tests, killed (and its sandbox removed) after. */
export function useHostileDaemon(): () => HostileDaemon {
  let current: HostileDaemon | undefined;
  before(async function () {
    this.timeout(60_000);
    fs.rmSync(CANARY, { force: true }); // one a process with this pid left would be blamed on this run
    current = await startHostileDaemon();
  });
  after(async () => {
    const d = current;
    current = undefined;
    if (!d) return;
    d.client.close();
    await d.daemon.kill();
    d.sandbox.remove();
  });
  return () => {
    if (!current) throw new Error('the hostile daemon exists only inside a test');
    return current;
  };
}
