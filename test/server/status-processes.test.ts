/**
 * GetStatus and the agent's processes: real processes named like the agent's
 * (a copy of /bin/sleep), the memory share read from a process root, and the
 * process table's cache of /proc scans.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LinuxProcessTable } from '../../server/core/processes/process-table';
import { processNamed } from '../helpers/agent-processes';
import { makeSandbox } from '../helpers/sandbox';
import { startTestDaemon, useTestDaemon } from '../helpers/test-daemon';

describe('GetStatus', () => {
  describe('agent processes (real processes named vxagent and svagent)', () => {
    let binDir: string;
    const children: ChildProcess[] = [];

    /** Starts a copy of /bin/sleep under an agent's name, so /proc/<pid>/comm says that name. */
    async function startAgentProcess(name: string): Promise<ChildProcess> {
      const file = path.join(binDir, name);
      if (!fs.existsSync(file)) fs.copyFileSync('/bin/sleep', file);
      fs.chmodSync(file, 0o755);
      const child = spawn(file, ['300'], { stdio: 'ignore' });
      children.push(child);
      await once(child, 'spawn');
      return child;
    }

    async function stop(child: ChildProcess): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }

    before(async () => {
      binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-agent-bin-'));
      // All started before the daemon's first scan: a process started later is
      // found by the next full scan, up to a second later (see the cache tests).
      await startAgentProcess('vxagent');
      await startAgentProcess('svagent');
      await startAgentProcess('svagent');
    });
    const daemon = useTestDaemon({ shared: true });
    after(async () => {
      await Promise.all(children.map(stop));
      fs.rmSync(binDir, { recursive: true, force: true });
    });

    it('reports them running with their pids and their share of memory', async () => {
      const status = await daemon().client.getStatus();
      const memTotal = Number(status.host!.memoryTotalBytes);
      let agentRss = 0;
      const expectedPids = { vxagent: [children[0].pid], svagent: [children[1].pid, children[2].pid].sort((a, b) => a! - b!) };
      for (const [name, pids] of Object.entries(expectedPids)) {
        const proc = processNamed(status, name);
        assert.equal(proc.running, true, `${name} running`);
        assert.deepEqual(proc.pids, pids);
        assert.ok(proc.rssBytes > 0n, `${name} has resident memory`);
        assert.ok(proc.memoryPercent > 0, `${name} has a memory share`);
        assert.ok(Math.abs(proc.memoryPercent - (Number(proc.rssBytes) / memTotal) * 100) < 1e-9);
        agentRss += Number(proc.rssBytes);
      }
      const respawn = processNamed(status, 'uarespawnd');
      assert.equal(respawn.running, false);
      assert.deepEqual(respawn.pids, []);
      assert.ok(Math.abs(status.agent!.memoryPercent - (agentRss / memTotal) * 100) < 1e-9);
    });

    it('reports a process not running on the first call after it exited', async () => {
      const [vxagent, svagent, secondSvagent] = children;
      await stop(secondSvagent);
      const first = await daemon().client.getStatus();
      assert.deepEqual(processNamed(first, 'svagent').pids, [svagent.pid], 'the exited svagent is gone, the other remains');
      assert.equal(processNamed(first, 'svagent').running, true);

      await stop(vxagent);
      const second = await daemon().client.getStatus();
      assert.equal(processNamed(second, 'vxagent').running, false);
      assert.deepEqual(processNamed(second, 'vxagent').pids, []);
      assert.equal(processNamed(second, 'vxagent').rssBytes, 0n);
      assert.equal(processNamed(second, 'svagent').running, true);
    });
  });

  describe('memory share from a process root (procRoot)', () => {
    it('divides resident pages × page size by MemTotal, and does not count a zombie', async () => {
      const sandbox = makeSandbox();
      const procRoot = path.join(sandbox.dir, 'proc');
      const proc = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(procRoot, rel)), { recursive: true });
        fs.writeFileSync(path.join(procRoot, rel), text);
      };
      proc('meminfo', 'MemTotal:       10240 kB\nMemFree:         1024 kB\n');
      proc('101/comm', 'vxagent\n');
      proc('101/statm', '5000 256 100 1 0 300 0\n');
      proc('102/comm', 'vxagent\n');
      proc('102/statm', '4000 512 100 1 0 300 0\n');
      proc('103/comm', 'uarespawnd\n');
      proc('103/statm', '0 0 0 0 0 0 0\n');
      proc('104/comm', 'bash\n');
      proc('104/statm', '5000 256 100 1 0 300 0\n');
      const t = await startTestDaemon({ sandbox, config: { procRoot } });
      try {
        const status = await t.client.getStatus();
        const pageSize = 4096;
        assert.equal(status.host?.memoryTotalBytes, 10240n * 1024n);
        const vxagent = processNamed(status, 'vxagent');
        assert.deepEqual(vxagent.pids, [101, 102]);
        assert.equal(vxagent.rssBytes, BigInt(768 * pageSize));
        assert.ok(Math.abs(vxagent.memoryPercent - 30) < 1e-9, `768 of 2560 pages is 30 %, got ${vxagent.memoryPercent}`);
        assert.equal(processNamed(status, 'uarespawnd').running, false, 'a zombie is not running');
        assert.ok(Math.abs(status.agent!.memoryPercent - 30) < 1e-9);
      } finally {
        await t.stop();
        sandbox.remove();
      }
    });
  });

  describe('the process table cache', () => {
    let binDir: string;
    beforeEach(() => (binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-agent-bin-'))));
    afterEach(() => fs.rmSync(binDir, { recursive: true, force: true }));

    async function start(name: string): Promise<ChildProcess> {
      const file = path.join(binDir, name);
      fs.copyFileSync('/bin/sleep', file);
      fs.chmodSync(file, 0o755);
      const child = spawn(file, ['300'], { stdio: 'ignore' });
      await once(child, 'spawn');
      return child;
    }

    async function kill(child: ChildProcess): Promise<void> {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }

    it('rescans /proc at most once a second, and at once when a known pid is gone (a restart is seen at once)', async () => {
      let now = 0;
      const table = new LinuxProcessTable('/proc', ['uarespawnd'], () => now);
      assert.deepEqual((await table.sample(4096))[0].pids, []);
      const first = await start('uarespawnd');
      let second: ChildProcess | undefined;
      try {
        now = 999;
        assert.deepEqual((await table.sample(4096))[0].pids, [], 'no full scan within the second');
        now = 1000;
        assert.deepEqual((await table.sample(4096))[0].pids, [first.pid]);
        // The agent restarts under a new pid while the clock stands still.
        await kill(first);
        second = await start('uarespawnd');
        assert.deepEqual((await table.sample(4096))[0].pids, [second.pid], 'the gone pid triggered a rescan');
        await kill(second);
        assert.deepEqual((await table.sample(4096))[0].pids, []);
      } finally {
        for (const child of [first, second]) if (child && child.exitCode === null && child.signalCode === null) await kill(child);
      }
    });

    it('shares one /proc scan between concurrent calls', async () => {
      const readdir = fs.promises.readdir;
      let scans = 0;
      fs.promises.readdir = ((...args: Parameters<typeof readdir>) => {
        if (args[0] === '/proc') scans++;
        return readdir.apply(fs.promises, args);
      }) as typeof readdir;
      try {
        const table = new LinuxProcessTable('/proc');
        const results = await Promise.all(Array.from({ length: 20 }, () => table.sample(4096)));
        assert.equal(scans, 1);
        assert.equal(results.length, 20);
      } finally {
        fs.promises.readdir = readdir;
      }
    });
  });
});
