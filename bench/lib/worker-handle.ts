/** The bench's side of one follower worker: spawn it, read its JSON lines, send it commands. */
import type { ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';
import { nowMs } from './clock';
import { captureTail, spawnBenchScript, stopChild } from './processes';
import type { WorkerConfig, WorkerMessage } from './worker-protocol';

type MessageOf<T extends WorkerMessage['type']> = Extract<WorkerMessage, { type: T }>;

export class WorkerHandle {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  private readonly received: WorkerMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private exited = false;

  constructor(config: WorkerConfig) {
    this.child = spawnBenchScript('follower-worker.ts', [JSON.stringify(config)]);
    this.stderr = captureTail(this.child.stderr);
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      try {
        this.received.push(JSON.parse(line) as WorkerMessage);
      } catch {
        return; // not ours (e.g. a warning printed by a library)
      }
      this.notify();
    });
    this.child.once('exit', () => {
      this.exited = true;
      this.notify();
    });
    this.child.stdin?.on('error', () => undefined);
  }

  get pid(): number {
    return this.child.pid!;
  }

  command(line: string): void {
    if (!this.exited) this.child.stdin?.write(`${line}\n`);
  }

  /** The first message of a type (waiting up to timeoutMs), or undefined on timeout or exit. */
  async next<T extends WorkerMessage['type']>(type: T, timeoutMs: number): Promise<MessageOf<T> | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const i = this.received.findIndex((m) => m.type === type);
      if (i >= 0) return this.received.splice(i, 1)[0] as MessageOf<T>;
      if (this.exited || Date.now() >= end) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(1, end - Date.now()));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(() => {
          done();
        });
      });
    }
  }

  /** Offset of the worker's clock from ours (ms) and the ping round trip, best of `rounds`. */
  async clockOffset(rounds = 5): Promise<{ offsetMs: number; rttMs: number } | undefined> {
    let best: { offsetMs: number; rttMs: number } | undefined;
    for (let i = 0; i < rounds; i++) {
      const sent = nowMs();
      this.command('ping');
      const pong = await this.next('pong', 2000);
      const back = nowMs();
      if (!pong) return best;
      const sample = { offsetMs: pong.now - (sent + back) / 2, rttMs: back - sent };
      if (!best || sample.rttMs < best.rttMs) best = sample;
    }
    return best;
  }

  stop(): Promise<unknown> {
    return stopChild(this.child, 2000);
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }
}
