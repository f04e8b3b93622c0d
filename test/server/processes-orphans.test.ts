/**
 * Processes a dead daemon left in a job's work folder, found from a /proc
 * (server/core/processes/orphan-processes.ts, proc-stat.ts): by working
 * folder, by process group, zombies left out, whatever the command name holds.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { groupsWorkingIn } from '../../server/core/processes/orphan-processes';
import { readProcStat } from '../../server/core/processes/proc-stat';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';

interface FakeProcess {
  pid: number;
  cwd: string;
  comm: string;
  state: string;
  pgrp: number;
}

/** A /proc with one folder per process: a cwd link and a stat file in the kernel's format. */
function fakeProc(dir: string, processes: FakeProcess[]): string {
  const procRoot = path.join(dir, 'proc');
  for (const p of processes) {
    const folder = path.join(procRoot, String(p.pid));
    fs.mkdirSync(folder, { recursive: true });
    fs.symlinkSync(p.cwd, path.join(folder, 'cwd'));
    fs.writeFileSync(path.join(folder, 'stat'), `${p.pid} (${p.comm}) ${p.state} 1 ${p.pgrp} ${p.pgrp} 0 -1 4194560 0 0\n`);
  }
  fs.mkdirSync(path.join(procRoot, 'self'), { recursive: true }); // not a pid: skipped
  return procRoot;
}

describe('processes a dead daemon left', () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeEach(() => {
    sandbox = makeSandbox('');
    dir = sandbox.dir;
  });
  afterEach(() => sandbox.remove());

  it('reads state and group after the last ")", whatever the command name holds', () => {
    const procRoot = fakeProc(dir, [{ pid: 7, cwd: '/', comm: 'odd) (name S 9', state: 'D', pgrp: 41 }]);
    assert.deepEqual(readProcStat(path.join(procRoot, '7', 'stat')), { state: 'D', pgrp: 41 });
    assert.equal(readProcStat(path.join(procRoot, '8', 'stat')), undefined, 'a process that is gone');
  });

  it('finds the groups working in the folder or below it, once each, without zombies or neighbours', () => {
    const work = '/state/work/job-1';
    const procRoot = fakeProc(dir, [
      { pid: 10, cwd: work, comm: 'install', state: 'S', pgrp: 10 },
      { pid: 11, cwd: `${work}/package/scripts`, comm: 'rpm', state: 'R', pgrp: 10 },
      { pid: 12, cwd: `${work}/package`, comm: 'vss helper', state: 'S', pgrp: 12 },
      { pid: 13, cwd: work, comm: 'exited', state: 'Z', pgrp: 13 },
      { pid: 14, cwd: `${work}-2`, comm: 'install', state: 'S', pgrp: 14 },
      { pid: 15, cwd: '/state/work', comm: 'bash', state: 'S', pgrp: 15 },
    ]);
    assert.deepEqual(groupsWorkingIn(procRoot, work).sort((a, b) => a - b), [10, 12]);
  });

  it('finds nothing when the /proc cannot be listed', () => {
    assert.deepEqual(groupsWorkingIn(path.join(dir, 'no-proc'), '/state/work/job-1'), []);
  });
});
