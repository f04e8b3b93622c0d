/**
 * The hosts from settings and what is known about each, by name. Answers of
 * queries and job updates arrive in any order; an answer from a query that
 * started before a newer update is dropped (the caller asks again), so a row
 * never goes back in time.
 */
import type { Job } from '../../../gen/mobility/v1/agent_control_pb';
import { sameConnection, type HostEntry } from './host-settings';
import { withJob, type HostSnapshot } from './host-snapshot';

interface Entry {
  host: HostEntry;
  snapshot: HostSnapshot;
  version: number;
}

export interface QueryTicket {
  name: string;
  address: string;
  version: number;
}

export class HostStore {
  private entries = new Map<string, Entry>();
  private order: string[] = [];
  private readonly listeners = new Set<(names: string[] | undefined) => void>();

  /** Called with the names whose rows changed, or undefined when the list itself changed. */
  onDidChange(listener: (names: string[] | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replaces the list; a host dialled as before (address, TLS) keeps what is known about it. Returns the names to query. */
  setHosts(hosts: readonly HostEntry[]): string[] {
    const next = new Map<string, Entry>();
    const toQuery: string[] = [];
    for (const host of hosts) {
      const old = this.entries.get(host.name);
      if (old && sameConnection(old.host, host)) next.set(host.name, { ...old, host });
      else {
        next.set(host.name, { host, snapshot: { kind: 'loading' }, version: (old?.version ?? 0) + 1 });
        toQuery.push(host.name);
      }
    }
    this.entries = next;
    this.order = hosts.map((h) => h.name);
    this.emit(undefined);
    return toQuery;
  }

  hosts(): HostEntry[] {
    return this.order.map((name) => this.entries.get(name)!.host);
  }

  names(): string[] {
    return [...this.order];
  }

  host(name: string): HostEntry | undefined {
    return this.entries.get(name)?.host;
  }

  snapshot(name: string): HostSnapshot {
    return this.entries.get(name)?.snapshot ?? { kind: 'loading' };
  }

  /** Before asking a host: what to ask and the version its answer must still match. */
  beginQuery(name: string): QueryTicket | undefined {
    const entry = this.entries.get(name);
    return entry && { name, address: entry.host.address, version: entry.version };
  }

  /** Stores a query's answer unless something newer arrived meanwhile; returns whether it was stored. */
  applyQuery(ticket: QueryTicket, snapshot: HostSnapshot): boolean {
    const entry = this.entries.get(ticket.name);
    if (!entry || entry.version !== ticket.version || entry.host.address !== ticket.address) return false;
    entry.snapshot = snapshot;
    entry.version += 1;
    this.emit([ticket.name]);
    return true;
  }

  /** A job's newer state (from WatchJob or a command) merged into the host's snapshot. */
  applyJob(name: string, job: Job): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.snapshot = withJob(entry.snapshot, job);
    entry.version += 1;
    this.emit([name]);
  }

  private emit(names: string[] | undefined): void {
    for (const listener of this.listeners) listener(names);
  }
}
