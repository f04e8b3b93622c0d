/**
 * The query the scheduler runs for one host: its status and recent jobs with
 * the configured deadline, stored as it arrives; an unreachable host gets a
 * fresh client before the next query.
 */
import type { ClientPool } from './client-pool';
import { queryHost, RECENT_JOBS } from './host-snapshot';
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
    const snapshot = await queryHost(pool.get(ticket.address), { timeoutMs: settings.timeoutMs(), jobsLimit: RECENT_JOBS });
    if (snapshot.kind === 'unreachable' && !snapshot.timedOut) pool.reset(ticket.address);
    if (!store.applyQuery(ticket, snapshot) && store.host(name)?.address === ticket.address) again(name);
  };
}
