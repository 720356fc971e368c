import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A value that must never be echoed, stored or logged (a password). JSON, string conversion
 * and util.inspect (which pino and console.log use) all print `[redacted]`, so an effect or event
 * holding one can be logged by mistake without leaking it. Only `reveal()` gives the value.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  get length(): number {
    return this.#value.length;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

export function asSecret(value: string | Secret | undefined): Secret {
  if (value instanceof Secret) return value;
  return new Secret(value ?? '');
}
