import type { Versioned } from '../store/conversation-store';
import { VersionConflictError } from '../store/store-errors';
import type { Watch, WatchPlace } from './watch';

/**
 * Where watches live: memory by default, Redis with MAILHELP_STORE (see redis-watch-store).
 * `update` is compare-and-set: a process that lost the schedule lock, or raced another, cannot
 * overwrite a newer state, and so never posts the alert that state carried.
 */
export interface WatchStore {
  /** Adds the watch unless the place already watches the same label; returns the one stored. */
  add(watch: Watch): Promise<{ added: boolean; watch: Watch }>;
  get(id: string): Promise<Versioned<Watch> | undefined>;
  /** Every watch, or a place's, oldest first. */
  list(place?: WatchPlace): Promise<Versioned<Watch>[]>;
  /** Throws VersionConflictError when the stored version is not `expectedVersion`. */
  update(watch: Watch, expectedVersion: number): Promise<Versioned<Watch>>;
  remove(id: string): Promise<boolean>;
}

export function samePlace(a: WatchPlace, b: WatchPlace): boolean {
  return a.platform === b.platform && a.channel === b.channel;
}

/** One process's watches, lost on restart. Values are copied as JSON, as Redis will store them. */
export class MemoryWatchStore implements WatchStore {
  readonly #entries = new Map<string, { json: string; version: number }>();
  #lastVersion = 0;

  async add(watch: Watch): Promise<{ added: boolean; watch: Watch }> {
    const existing = [...this.#entries.values()]
      .map((e) => JSON.parse(e.json) as Watch)
      .find((w) => samePlace(w.place, watch.place) && w.subject.label === watch.subject.label);
    if (existing) return { added: false, watch: existing };
    this.#entries.set(watch.id, { json: JSON.stringify(watch), version: ++this.#lastVersion });
    return { added: true, watch: JSON.parse(JSON.stringify(watch)) as Watch };
  }

  async get(id: string): Promise<Versioned<Watch> | undefined> {
    const entry = this.#entries.get(id);
    return entry ? versioned(entry) : undefined;
  }

  async list(place?: WatchPlace): Promise<Versioned<Watch>[]> {
    return [...this.#entries.values()].map(versioned).filter((w) => !place || samePlace(w.value.place, place)).sort((a, b) => a.value.createdAt - b.value.createdAt);
  }

  async update(watch: Watch, expectedVersion: number): Promise<Versioned<Watch>> {
    const entry = this.#entries.get(watch.id);
    const actual = entry?.version ?? 0;
    if (!entry || actual !== expectedVersion) throw new VersionConflictError(`watch ${watch.id}`, expectedVersion, actual);
    const next = { json: JSON.stringify(watch), version: ++this.#lastVersion };
    this.#entries.set(watch.id, next);
    return versioned(next);
  }

  async remove(id: string): Promise<boolean> {
    return this.#entries.delete(id);
  }
}

function versioned(entry: { json: string; version: number }): Versioned<Watch> {
  return { value: JSON.parse(entry.json) as Watch, version: entry.version, expiresAt: Number.POSITIVE_INFINITY };
}
