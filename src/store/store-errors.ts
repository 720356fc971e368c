import { MailhelpError } from '../errors/mailhelp-error';

/** Errors from a store, with a code a caller can act on. */
export class StoreError extends MailhelpError {
  declare readonly code: 'VERSION_CONFLICT' | 'STORE_CLOSED' | 'STORE_UNAVAILABLE';
  constructor(code: 'VERSION_CONFLICT' | 'STORE_CLOSED' | 'STORE_UNAVAILABLE', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * Someone else wrote the conversation since it was read (two events on one thread at once, or
 * two processes). The caller reads again and re-applies its event; nothing is overwritten.
 */
export class VersionConflictError extends StoreError {
  constructor(
    readonly key: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super('VERSION_CONFLICT', `conversation ${key} is at version ${actualVersion}, not ${expectedVersion}`);
  }
}

export class StoreClosedError extends StoreError {
  constructor() {
    super('STORE_CLOSED', 'the store is closed');
  }
}

/**
 * The store could not be reached or did not answer in time (Redis down, restarting, slow). The
 * user is told to try again in a minute; the client reconnects by itself meanwhile.
 */
export class StoreUnavailableError extends StoreError {
  constructor(cause: unknown) {
    super('STORE_UNAVAILABLE', `the store is unavailable: ${cause instanceof Error ? cause.message.slice(0, 200) : 'no answer'}`, { cause });
  }
}

export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof StoreError && error.code === 'STORE_UNAVAILABLE';
}
