/**
 * The extension's connection machinery without VS Code, as activate() wires
 * it: hosts → connections (TLS files read by the client layer, a token from a
 * stand-in SecretStorage, certificates trusted in a stand-in globalState) →
 * the client pool → the refresher's query → the host store's snapshot.
 */
import { loadConnectionSecurity } from '../../client/connection/security-files';
import { ClientPool } from '../../extension/src/model/client-pool';
import { ConnectionResolver } from '../../extension/src/model/host-connection';
import { hostQuery } from '../../extension/src/model/host-refresher';
import type { HostEntry } from '../../extension/src/model/host-settings';
import type { HostSnapshot } from '../../extension/src/model/host-snapshot';
import { HostStore } from '../../extension/src/model/host-store';
import { TrustStore, type KeyValueStore } from '../../extension/src/model/trust-store';

/** context.globalState as VS Code keeps it: values go through JSON. */
export class MemoryState implements KeyValueStore {
  private readonly values = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

export class ExtensionConnections {
  /** SecretStorage's tokens, by host name. */
  readonly tokens = new Map<string, string>();
  readonly trust = new TrustStore(new MemoryState());
  readonly pool = new ClientPool();
  readonly store = new HostStore();
  private hosts: HostEntry[] = [];
  private readonly resolver = new ConnectionResolver({
    token: (name) => Promise.resolve(this.tokens.get(name)),
    trusted: (address) => this.trust.trusted(address),
    load: loadConnectionSecurity,
  });

  /** The settings changed (or a token, or a trusted certificate): what loadHosts does. */
  async setHosts(hosts: HostEntry[] = this.hosts): Promise<void> {
    this.hosts = hosts;
    const connections = await this.resolver.resolveAll(hosts);
    if (!connections) throw new Error('a newer resolve overtook this one');
    this.pool.setConnections(connections);
    this.store.setHosts(hosts);
  }

  /** One refresh of one host, as the scheduler runs it; its snapshot. */
  async ask(name: string, timeoutMs = 5000): Promise<HostSnapshot> {
    await hostQuery(this.store, this.pool, { timeoutMs: () => timeoutMs }, () => undefined)(name);
    return this.store.snapshot(name);
  }

  close(): void {
    this.pool.closeAll();
  }
}
