/**
 * The query the scheduler runs for one host: its status and recent jobs with
 * the configured deadline, over the host's connection (TLS, pin, token),
 * stored as it arrives; an unreachable host gets a fresh client before the
 * next query. An answer that arrives after the host's connection changed (a
 * certificate trusted, a token set meanwhile) is dropped and the host asked
 * again, so a row never shows a refusal the new connection would not get.
 */
import type { ClientPool } from './client-pool';
import { failedSnapshot, queryHost, RECENT_JOBS, type HostSnapshot } from './host-snapshot';
import type { HostStore } from './host-store';

export interface RefresherSettings {
  timeoutMs(): number;
}

/**
 * Returns the scheduler's query function. `again(name)` is called when an
 * answer was dropped because a newer update arrived while it was on its way.
 */
export function hostQuery(store: HostStore, pool: ClientPool, settings: RefresherSettings, again: (name: string) => void) {
  return async (name: string): Promise<void> => {
    const ticket = store.beginQuery(name);
    if (!ticket) return; // removed from settings meanwhile
    const connection = pool.connection(name);
    const pin = connection?.pin?.fingerprint;
    let snapshot: HostSnapshot;
    try {
      snapshot = await queryHost(pool.get(name), { timeoutMs: settings.timeoutMs(), jobsLimit: RECENT_JOBS, pin });
    } catch (err) {
      // The connection cannot be built (its settings, or security the client refuses): nothing was sent.
      snapshot = failedSnapshot(err, Date.now(), pin);
    }
    if (snapshot.kind === 'unreachable' && !snapshot.timedOut) pool.reset(name);
    if (pool.connection(name)?.key !== connection?.key) return again(name);
    if (!store.applyQuery(ticket, snapshot) && store.host(name)?.address === ticket.address) again(name);
  };
}
