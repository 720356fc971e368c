import type { ConversationKey } from './conversation-key';

/** A stored value with the version that must be named to replace it. */
export interface Versioned<T> {
  value: T;
  /** Never reused within a store, even after a delete, so a stale writer can never match. */
  version: number;
  /** Milliseconds since the epoch; after this the entry is gone. */
  expiresAt: number;
}

export interface PutOptions {
  /** The version read before; `NO_VERSION` (0) when creating. Anything else throws `VersionConflictError`. */
  expectedVersion: number;
  /** How long the entry lives after this write. */
  ttlMs: number;
}

export const NO_VERSION = 0;

/**
 * Where conversations live between events: memory now, Redis later, behind this interface.
 * Values are copied in and out (plain JSON), so nobody shares objects with the store.
 */
export interface ConversationStore<T> {
  get(key: ConversationKey): Promise<Versioned<T> | undefined>;
  /** Compare-and-set: writes only if the stored version is `expectedVersion` (0: absent or expired). */
  put(key: ConversationKey, value: T, options: PutOptions): Promise<Versioned<T>>;
  /** Removes the entry; with `expectedVersion`, only if it is still at that version. */
  delete(key: ConversationKey, expectedVersion?: number): Promise<boolean>;
  close(): Promise<void>;
}
