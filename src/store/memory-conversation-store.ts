import { type ConversationKey, keyString } from './conversation-key';
import { type ConversationStore, NO_VERSION, type PutOptions, type Versioned } from './conversation-store';
import { StoreClosedError, VersionConflictError } from './store-errors';

interface Entry {
  json: string;
  version: number;
  expiresAt: number;
}

export interface MemoryStoreOptions {
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
  /** Expired entries are swept when the map grows past this many. */
  sweepAbove?: number;
}

/**
 * The default store: one process, lost on restart (the conversation then closes politely when
 * the user answers). Values are kept as JSON text, which both copies them and proves they are
 * plain JSON, as the Redis store will need.
 */
export class MemoryConversationStore<T> implements ConversationStore<T> {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #sweepAbove: number;
  #lastVersion = 0;
  #closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sweepAbove = options.sweepAbove ?? 10_000;
  }

  async get(key: ConversationKey): Promise<Versioned<T> | undefined> {
    const entry = this.#live(keyString(key));
    return entry ? { value: JSON.parse(entry.json) as T, version: entry.version, expiresAt: entry.expiresAt } : undefined;
  }

  async put(key: ConversationKey, value: T, options: PutOptions): Promise<Versioned<T>> {
    const id = keyString(key);
    const current = this.#live(id);
    const actual = current?.version ?? NO_VERSION;
    if (actual !== options.expectedVersion) throw new VersionConflictError(id, options.expectedVersion, actual);
    const entry: Entry = { json: JSON.stringify(value), version: ++this.#lastVersion, expiresAt: this.#now() + options.ttlMs };
    this.#entries.set(id, entry);
    if (this.#entries.size > this.#sweepAbove) this.sweepExpired();
    return { value: JSON.parse(entry.json) as T, version: entry.version, expiresAt: entry.expiresAt };
  }

  async delete(key: ConversationKey, expectedVersion?: number): Promise<boolean> {
    const id = keyString(key);
    const current = this.#live(id);
    if (!current) return false;
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw new VersionConflictError(id, expectedVersion, current.version);
    return this.#entries.delete(id);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
  }

  /** Drops every expired entry; returns how many. */
  sweepExpired(): number {
    const now = this.#now();
    let swept = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(id);
        swept += 1;
      }
    }
    return swept;
  }

  get size(): number {
    return this.#entries.size;
  }

  #live(id: string): Entry | undefined {
    if (this.#closed) throw new StoreClosedError();
    const entry = this.#entries.get(id);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#entries.delete(id);
      return undefined;
    }
    return entry;
  }
}
