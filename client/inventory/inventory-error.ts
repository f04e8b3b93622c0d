/**
 * An inventory that cannot be used: unreadable, malformed, a variable with a
 * value mobilityd settings cannot take, or a --limit that selects nothing.
 * The message names the file (and the line when it is known) and says what to
 * change; nothing was sent to any host.
 */
import { ClientError } from '../errors/client-error';

export interface InventoryErrorPlace {
  file: string;
  /** 1-based line of the problem in the inventory file, when it is known. */
  line?: number;
}

export class InventoryError extends ClientError {
  readonly file: string;
  readonly line?: number;

  constructor(problem: string, place: InventoryErrorPlace, cause?: unknown) {
    super(`inventory ${place.file}${place.line === undefined ? '' : `:${place.line}`}: ${problem}`, {
      code: 'invalid_argument',
      reason: 'unexpected',
      cause,
    });
    this.name = 'InventoryError';
    this.file = place.file;
    this.line = place.line;
  }
}
