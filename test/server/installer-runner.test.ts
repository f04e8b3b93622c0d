/**
 * runProcess with real child processes: small bash scripts in a temporary
 * folder. Every wait is on an event (a line of output, the promise settling),
 * never on a timer.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppError } from '../../server/core/errors/app-error';
import { runProcess, type RunOptions } from '../../server/core/agent-programs/child-process-runner';
import type { Command } from '../../server/core/agent-programs/installer-commands';

const STAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (.*)$/;

describe('child process runner', () => {
  let dir: string;
  let logFile: string;
  const leftovers: number[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-runner-'));
    logFile = path.join(dir, 'logs', 'nested', 'installer.log');
  });

  afterEach(() => {
    for (const pid of leftovers.splice(0)) killQuietly(pid);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Writes an executable bash script and returns the command that runs it. */
  function script(name: string, body: string): Command {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    return { file, args: [] };
  }

  function run(command: Command, extra: Partial<RunOptions> = {}) {
    const lines: string[] = [];
    const promise = runProcess(command, { logFile, onLine: (line) => lines.push(line), ...extra });
    return { lines, promise };
  }

  function logLines(): Array<{ stamp: string; text: string }> {
    return fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const match = STAMPED.exec(line);
        assert.ok(match, `log line not timestamped: ${JSON.stringify(line)}`);
        return { stamp: match[1], text: match[2] };
      });
  }

  it('timestamps every line into the log in order and reports the exit code', async () => {
    const command = script('count.sh', 'for i in $(seq 1 300); do echo "line $i"; done; echo "to stderr" >&2; exit 98');
    const { lines, promise } = run(command);
    const result = await promise;
    assert.equal(result.exitCode, 98);
    assert.equal(result.signal, null);
    assert.equal(result.cancelled, false);
    assert.ok(result.pid && result.pid > 0);
    const logged = logLines();
    const stdout = logged.map((l) => l.text).filter((t) => t.startsWith('line '));
    assert.deepEqual(stdout, Array.from({ length: 300 }, (_, i) => `line ${i + 1}`));
    assert.ok(logged.some((l) => l.text === 'to stderr'), 'stderr is logged too');
    const stamps = logged.map((l) => Date.parse(l.stamp));
    assert.deepEqual([...stamps].sort((a, b) => a - b), stamps, 'timestamps never go back');
    assert.deepEqual(lines, logged.map((l) => l.text), 'onLine saw exactly what was logged, in order');
  });

  it('appends to an existing log and keeps a last line that has no newline (CRLF too)', async () => {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    fs.writeFileSync(logFile, 'earlier content\n');
    const { lines, promise } = run(script('partial.sh', "printf 'first\\r\\nsecond\\nno newline at the end'"));
    assert.equal((await promise).exitCode, 0);
    assert.deepEqual(lines, ['first', 'second', 'no newline at the end']);
    const content = fs.readFileSync(logFile, 'utf8');
    assert.ok(content.startsWith('earlier content\n'));
    assert.ok(content.endsWith(' no newline at the end\n'));
    assert.ok(!content.includes('\r'));
  });

  it('replaces secrets by *** before logging and before onLine', async () => {
    const secret = 'S3cr3t-Pa$$';
    const command = script('echo-secret.sh', `echo "passphrase is ${secret.replace(/\$/g, '\\$')} ok"; echo "${secret.replace(/\$/g, '\\$')}" >&2`);
    const { lines, promise } = run(command, { redact: [secret, ''] });
    await promise;
    assert.deepEqual(lines.sort(), ['***', 'passphrase is *** ok']);
    const content = fs.readFileSync(logFile, 'utf8');
    assert.ok(!content.includes(secret));
    assert.ok(content.includes('passphrase is *** ok'));
  });

  it('passes the environment and gives the program no stdin', async () => {
    const command = script('env.sh', 'echo "root=$MOBILITY_HOST_ROOT"; if read -r x; then echo "stdin had data"; else echo "stdin closed"; fi');
    const { lines, promise } = run(command, { env: { ...process.env, MOBILITY_HOST_ROOT: '/sandbox' } });
    await promise;
    assert.deepEqual(lines, ['root=/sandbox', 'stdin closed']);
  });

  it('reports a program killed by a signal', async () => {
    const { promise } = run(script('suicide.sh', 'echo before; kill -KILL $$'));
    const result = await promise;
    assert.equal(result.exitCode, null);
    assert.equal(result.signal, 'SIGKILL');
    assert.equal(result.cancelled, false);
    assert.deepEqual(logLines().map((l) => l.text), ['before']);
  });

  it('on abort kills the whole process group, grandchildren included', async () => {
    const command = script('tree.sh', 'sleep 60 &\necho "grandchild $!"\nwait');
    const controller = new AbortController();
    let grandchild = 0;
    const { promise } = run(command, {
      signal: controller.signal,
      onLine: (line) => {
        const match = /^grandchild (\d+)$/.exec(line);
        if (!match) return;
        grandchild = Number(match[1]);
        leftovers.push(grandchild);
        controller.abort();
      },
    });
    const result = await promise;
    assert.ok(grandchild > 0, 'the script printed its grandchild');
    assert.equal(result.cancelled, true);
    assert.equal(result.signal, 'SIGTERM');
    assert.ok(isGone(result.pid!), 'the script is gone');
    assert.ok(isGone(grandchild), 'its grandchild sleep is gone');
    const texts = logLines().map((l) => l.text);
    assert.equal(texts[0], `grandchild ${grandchild}`);
    assert.match(texts[1], /^mobilityd: cancelled; sent SIGTERM to tree\.sh's process group \d+$/);
  });

  it('sends SIGKILL to a group that ignores SIGTERM', async () => {
    const command = script('stubborn.sh', "trap '' TERM\nsleep 60 &\necho \"grandchild $!\"\nwait");
    const controller = new AbortController();
    let grandchild = 0;
    const { promise } = run(command, {
      signal: controller.signal,
      killAfterMs: 200,
      onLine: (line) => {
        const match = /^grandchild (\d+)$/.exec(line);
        if (!match) return;
        grandchild = Number(match[1]);
        leftovers.push(grandchild);
        controller.abort();
      },
    });
    const result = await promise;
    assert.equal(result.cancelled, true);
    assert.equal(result.signal, 'SIGKILL');
    assert.ok(isGone(result.pid!));
    assert.ok(isGone(grandchild));
    assert.ok(logLines().some((l) => /still running after SIGTERM; sent SIGKILL/.test(l.text)));
  });

  it('does not start the program when already aborted', async () => {
    const marker = path.join(dir, 'ran');
    const controller = new AbortController();
    controller.abort();
    const result = await runProcess(script('touch.sh', `touch ${marker}`), { logFile, signal: controller.signal });
    assert.deepEqual(result, { exitCode: null, signal: null, cancelled: true });
    assert.ok(!fs.existsSync(marker));
  });

  it('finishes when a background process it started keeps the output open', async () => {
    const command = script('daemonize.sh', 'sleep 60 &\necho "background $!"\nexit 0');
    const { lines, promise } = run(command, { outputGraceMs: 200 });
    const result = await promise;
    const background = Number(/^background (\d+)$/.exec(lines[0])?.[1]);
    leftovers.push(background);
    assert.equal(result.exitCode, 0);
    assert.ok(!isGone(background), 'the background process is left alone');
    assert.match(logLines().at(-1)!.text, /^mobilityd: daemonize\.sh exited, but a process it started still holds its output open/);
  });

  it('rejects with failed_precondition naming a program that does not exist', async () => {
    const missing = path.join(dir, 'no-such-installer');
    await assert.rejects(runProcess({ file: missing, args: ['-q'] }, { logFile }), (err: AppError) => {
      assert.equal(err.code, 'failed_precondition');
      assert.ok(err.message.includes(missing), err.message);
      assert.match(err.message, /does not exist/);
      return true;
    });
  });

  it('rejects with failed_precondition for a program that is not executable', async () => {
    const file = path.join(dir, 'not-executable.sh');
    fs.writeFileSync(file, '#!/bin/bash\necho hi\n', { mode: 0o644 });
    await assert.rejects(runProcess({ file, args: [] }, { logFile }), (err: AppError) => {
      assert.equal(err.code, 'failed_precondition');
      assert.ok(err.message.includes(file));
      assert.match(err.message, /permission denied/);
      return true;
    });
  });

  it('rejects with failed_precondition when the working folder is missing', async () => {
    const command = { ...script('ok.sh', 'echo ok'), cwd: path.join(dir, 'gone') };
    await assert.rejects(runProcess(command, { logFile }), (err: AppError) => {
      assert.equal(err.code, 'failed_precondition');
      assert.match(err.message, /working folder .*gone does not exist/);
      return true;
    });
  });
});

/**
 * True when the process no longer runs. A zombie counts as gone: an orphan
 * killed with its group waits for PID 1 to reap it, which some container inits
 * do only every second or so.
 */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
