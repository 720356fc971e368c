/** Errors from a store, with a code a caller can act on. */
export class StoreError extends Error {
  constructor(
    readonly code: 'VERSION_CONFLICT' | 'STORE_CLOSED',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
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
    this.name = 'VersionConflictError';
  }
}

export class StoreClosedError extends StoreError {
  constructor() {
    super('STORE_CLOSED', 'the store is closed');
    this.name = 'StoreClosedError';
  }
}
