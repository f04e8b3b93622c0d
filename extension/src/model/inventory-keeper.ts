/**
 * Reads the inventory when its file or the setting changes, and keeps the
 * last inventory read well: while the file is being edited (a half-typed
 * group, a YAML indentation slip) the tree keeps the hosts it had, and the
 * message says what is wrong and that the old hosts are still shown.
 *
 * Other reloads of the hosts (a token set, a certificate trusted, a hand-added
 * host) reuse the last reading: `ansible-inventory` takes seconds on a fleet
 * of thousands (docs/inventory.md), and nothing it reads changed. What may
 * have changed it (the file watcher, Refresh) calls changed() first.
 */
import { ClientError } from '../../../client/errors/client-error';
import type { Inventory } from '../../../client/inventory/inventory-types';

export type InventoryLoader = (file: string) => Promise<Inventory>;

export interface InventoryReading {
  /** The inventory to show: the one just read, or the last good one of the same file; undefined: none. */
  inventory?: Inventory;
  /** Why the file could not be read, and how to fix it; the inventory above, if any, is an older one. */
  error?: string;
}

export class InventoryKeeper {
  private lastGood: Inventory | undefined;
  private generation = 0;
  /** The last reading, while nothing said the inventory may have changed since. */
  private current: { file: string; reading: InventoryReading } | undefined;

  constructor(private readonly load: InventoryLoader) {}

  /** The inventory's files may have changed (or a dynamic inventory may answer otherwise): the next read() reads. */
  changed(): void {
    this.current = undefined;
  }

  /** Reads `file` (undefined: no inventory configured). Answers undefined when a newer read started meanwhile. */
  async read(file: string | undefined): Promise<InventoryReading | undefined> {
    if (file !== undefined && this.current?.file === file) return this.current.reading;
    const reading = await this.readNow(file);
    if (reading) this.current = file === undefined ? undefined : { file, reading };
    return reading;
  }

  private async readNow(file: string | undefined): Promise<InventoryReading | undefined> {
    const generation = ++this.generation;
    if (file === undefined) {
      this.lastGood = undefined;
      return {};
    }
    let inventory: Inventory | undefined;
    let failure: unknown;
    try {
      inventory = await this.load(file);
    } catch (err) {
      failure = err;
    }
    if (generation !== this.generation) return undefined;
    if (inventory) {
      this.lastGood = inventory;
      return { inventory };
    }
    const kept = this.lastGood?.file === file ? this.lastGood : undefined;
    if (!kept) this.lastGood = undefined;
    return { ...(kept && { inventory: kept }), error: inventoryErrorMessage(file, failure, kept) };
  }
}

/** "Inventory FILE:LINE: WHY. Fix the file (or the mobility.inventory setting); what the tree shows meanwhile." */
export function inventoryErrorMessage(file: string, err: unknown, kept: Inventory | undefined): string {
  const why = (err instanceof ClientError ? err.rawMessage : err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
  const shown = kept
    ? `the Hosts tree keeps the ${kept.hosts.length} host${kept.hosts.length === 1 ? '' : 's'} last read from it until the file reads well again`
    : 'no inventory hosts are shown until it does';
  // The loader's errors already name the file (and line): "inventory FILE:LINE: what to change".
  const what = why.startsWith(`inventory ${file}`) ? `Inventory ${why.slice('inventory '.length)}` : `Cannot read the inventory ${file}: ${why}`;
  return `${what}. Fix the file (or the mobility.inventory setting); ${shown}.`;
}
