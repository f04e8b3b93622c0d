/**
 * Live log tails: one output channel per host and log, named
 * "Mobility: <host> <log> log", following until stopped (Stop Tailing Log,
 * the host removed, or the window closing). Error lines are logged at error
 * level so they stand out; notes about the follow itself at info/warning.
 */
import * as vscode from 'vscode';
import type { AgentControlClient } from '../../../client/agent-control-client';
import type { ClientPool } from '../model/client-pool';
import type { HostStore } from '../model/host-store';
import { LogFollower, type LineLevel } from '../model/log-follower';
import type { LogName } from '../model/tree-model';

interface Tail {
  key: string;
  disposed: boolean;
  hostName: string;
  log: LogName;
  channel: vscode.LogOutputChannel;
  follower: LogFollower;
}

export function tailChannelName(hostName: string, log: LogName): string {
  return `Mobility: ${hostName} ${log} log`;
}

export class TailManager implements vscode.Disposable {
  private readonly tails = new Map<string, Tail>();

  constructor(
    private readonly store: HostStore,
    private readonly pool: ClientPool,
    private readonly lastLines: () => number,
  ) {}

  /** Starts following (or shows the channel that already follows) one log of one host. */
  open(hostName: string, log: LogName): void {
    const key = `${hostName}\u0000${log}`;
    const existing = this.tails.get(key);
    if (existing && !existing.follower.isStopped) {
      existing.channel.show(true);
      return;
    }
    if (existing) {
      existing.disposed = true;
      existing.channel.dispose();
    }
    const channel = vscode.window.createOutputChannel(tailChannelName(hostName, log), { log: true });
    let client: AgentControlClient | undefined;
    let clientKey: string | undefined;
    const write = (level: LineLevel, text: string) => {
      if (level === 'error') channel.error(text);
      else if (level === 'warn') channel.warn(text);
      else channel.info(text);
    };
    const follower = new LogFollower({
      log,
      lastLines: this.lastLines(),
      hostLabel: hostName,
      // A client of its own (a follow outlives calls), with the host's connection; a new one when that changed.
      open: (request, reconnect) => {
        if (!this.store.host(hostName)) throw new Error(`there is no host named "${hostName}" any more`);
        const key = this.pool.connection(hostName)?.key;
        if (reconnect || !client || clientKey !== key) {
          client?.close();
          client = undefined;
          client = this.pool.create(hostName);
          clientKey = key;
        }
        return client.tailLog(request);
      },
      sink: {
        lines: (lines) => {
          for (const line of lines) write(line.level, line.text);
        },
        note: (level, text) => write(level, `[mobility] ${text}`),
      },
    });
    const tail: Tail = { key, disposed: false, hostName, log, channel, follower };
    this.tails.set(key, tail);
    void follower.done.then(() => {
      client?.close();
      client = undefined;
      if (!tail.disposed) channel.info(`[mobility] stopped following the ${log} log of ${hostName}`);
    });
    follower.start();
    channel.show(true);
  }

  /** The tails that are following now. */
  active(): { key: string; hostName: string; log: LogName }[] {
    return [...this.tails.values()].filter((t) => !t.follower.isStopped).map(({ key, hostName, log }) => ({ key, hostName, log }));
  }

  /** Stops following; the channel stays, with what it showed, until the window closes. */
  stop(key: string): void {
    this.tails.get(key)?.follower.stop();
  }

  /** Stops the tails of hosts that are no longer configured. */
  retain(hostNames: Iterable<string>): void {
    const keep = new Set(hostNames);
    for (const tail of this.tails.values()) if (!keep.has(tail.hostName)) tail.follower.stop();
  }

  dispose(): void {
    for (const tail of this.tails.values()) {
      tail.disposed = true;
      tail.follower.stop();
      tail.channel.dispose();
    }
    this.tails.clear();
  }
}
