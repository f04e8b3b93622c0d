/**
 * One gRPC client per host address, reused by every call to that host. A host
 * found unreachable gets a fresh client before it is asked again, so a daemon
 * that comes back is seen at the next refresh rather than after the channel's
 * reconnect backoff.
 */
import type { ChannelOptions } from '@grpc/grpc-js';
import { AgentControlClient } from '../../../client/agent-control-client';

export const EXTENSION_CHANNEL_OPTIONS: ChannelOptions = {
  // Each client its own connection: a fresh client really dials afresh.
  'grpc.use_local_subchannel_pool': 1,
  // Reconnect quickly once a daemon is back (grpc-js waits up to 120 s by default).
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 2000,
};

export class ClientPool {
  private readonly clients = new Map<string, AgentControlClient>();

  constructor(private readonly make: (address: string) => AgentControlClient = (address) => new AgentControlClient(address, EXTENSION_CHANNEL_OPTIONS)) {}

  get(address: string): AgentControlClient {
    let client = this.clients.get(address);
    if (!client) {
      client = this.make(address);
      this.clients.set(address, client);
    }
    return client;
  }

  /**
   * A client source for long watches: the pooled client, or, when a watch lost
   * its connection and asks to reconnect, a freshly dialled one.
   */
  reconnecting(address: string): (reconnect: boolean) => AgentControlClient {
    return (reconnect) => {
      if (reconnect) this.reset(address);
      return this.get(address);
    };
  }

  /** Drops the client of an address (closing it); the next get() dials afresh. */
  reset(address: string): void {
    const client = this.clients.get(address);
    if (!client) return;
    this.clients.delete(address);
    client.close();
  }

  /** Closes the clients of addresses no longer configured. */
  retain(addresses: Iterable<string>): void {
    const keep = new Set(addresses);
    for (const address of [...this.clients.keys()]) if (!keep.has(address)) this.reset(address);
  }

  closeAll(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
