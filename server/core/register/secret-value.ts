/**
 * The registration passphrase while a job needs it (in memory only, until the
 * configurator has run). Wrapped so that no accident — a template string, a
 * JSON.stringify of a plan, console.log, util.inspect in an error report —
 * can print it: only `reveal()` gives the text, and it is called in exactly
 * two places (the temporary passphrase file and runProcess's redaction list).
 */
import { inspect } from 'node:util';

const REDACTED = '<redacted>';

export class SecretValue {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  reveal(): string {
    return this.#text;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
