/**
 * One gRPC client per host, reused by every call to that host, built with the
 * host's connection (address and ConnectionSecurity: TLS, pin, client
 * certificate, token). A host whose connection changes (settings, a token set
 * or cleared, a certificate trusted or forgotten) gets a new client at its
 * next call; a host found unreachable gets a fresh one too, so a daemon that
 * comes back is seen at the next refresh rather than after the channel's
 * reconnect backoff.
 */
import type { ChannelOptions } from '@grpc/grpc-js';
import { AgentControlClient } from '../../../client/agent-control-client';
import type { ConnectionSecurity } from '../../../client/connection/connection-security';
import type { HostConnection } from './host-connection';
import { ConnectionSettingsError } from './host-errors';

export const EXTENSION_CHANNEL_OPTIONS: ChannelOptions = {
  // Each client its own connection: a fresh client really dials afresh.
  'grpc.use_local_subchannel_pool': 1,
  // Reconnect quickly once a daemon is back (grpc-js waits up to 120 s by default).
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 2000,
};

export type MakeClient = (address: string, security: ConnectionSecurity) => AgentControlClient;

export const makeExtensionClient: MakeClient = (address, security) => new AgentControlClient(address, EXTENSION_CHANNEL_OPTIONS, security);

export class ClientPool {
  private connections = new Map<string, HostConnection>();
  private readonly clients = new Map<string, { key: string; client: AgentControlClient }>();

  constructor(private readonly make: MakeClient = makeExtensionClient) {}

  /**
   * How every host is dialled from now on. Clients of hosts that are gone or
   * dialled differently are closed. Returns the names whose connection changed.
   */
  setConnections(connections: Iterable<HostConnection>): string[] {
    const next = new Map([...connections].map((c) => [c.name, c]));
    const changed = [...next.values()].filter((c) => this.connections.get(c.name)?.key !== c.key).map((c) => c.name);
    this.connections = next;
    for (const [name, { key }] of [...this.clients]) if (next.get(name)?.key !== key) this.reset(name);
    return changed;
  }

  connection(name: string): HostConnection | undefined {
    return this.connections.get(name);
  }

  /** The host's client; throws ConnectionSettingsError when its settings cannot be used (nothing is sent). */
  get(name: string): AgentControlClient {
    const connection = this.usable(name);
    const pooled = this.clients.get(name);
    if (pooled && pooled.key === connection.key) return pooled.client;
    if (pooled) this.reset(name);
    const client = this.make(connection.address, connection.security);
    this.clients.set(name, { key: connection.key, client });
    return client;
  }

  /** A client of its own, for a stream that outlives calls (a followed log); the caller closes it. */
  create(name: string): AgentControlClient {
    const connection = this.usable(name);
    return this.make(connection.address, connection.security);
  }

  /**
   * A client source for long watches: the pooled client, or, when a watch lost
   * its connection and asks to reconnect, a freshly dialled one.
   */
  reconnecting(name: string): (reconnect: boolean) => AgentControlClient {
    return (reconnect) => {
      if (reconnect) this.reset(name);
      return this.get(name);
    };
  }

  /** Drops the client of a host (closing it); the next get() dials afresh. */
  reset(name: string): void {
    const pooled = this.clients.get(name);
    if (!pooled) return;
    this.clients.delete(name);
    pooled.client.close();
  }

  closeAll(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }

  private usable(name: string): HostConnection {
    const connection = this.connections.get(name);
    if (!connection) throw new Error(`there is no host named "${name}" in mobility.hosts any more`);
    if (connection.problem) throw new ConnectionSettingsError(connection.problem);
    return connection;
  }
}
