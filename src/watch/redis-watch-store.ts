import { NO_VERSION, type Versioned } from '../store/conversation-store';
import type { RedisConnection } from '../store/redis/redis-client';
import { RedisConversationStore } from '../store/redis/redis-conversation-store';
import type { Watch, WatchPlace } from './watch';
import { samePlace, type WatchStore } from './watch-store';

/** A watch lives until it is removed; Redis wants a TTL, so: ten years. */
const WATCH_TTL_MS = 10 * 365 * 24 * 60 * 60_000;

/**
 * Watches in Redis, shared by every process: each watch is a versioned entry written with
 * compare-and-set (the conversation store's script, kind `watch`), and a set holds the ids.
 */
export class RedisWatchStore implements WatchStore {
  readonly #entries: RedisConversationStore<Watch>;

  constructor(private readonly redis: RedisConnection) {
    this.#entries = new RedisConversationStore<Watch>(redis, 'watch');
  }

  async add(watch: Watch): Promise<{ added: boolean; watch: Watch }> {
    const existing = (await this.list(watch.place)).find((w) => w.value.subject.label === watch.subject.label);
    if (existing) return { added: false, watch: existing.value };
    const stored = await this.#entries.put(key(watch.id), watch, { expectedVersion: NO_VERSION, ttlMs: WATCH_TTL_MS });
    await this.redis.run(() => this.redis.client.sadd(this.#index(), watch.id));
    return { added: true, watch: stored.value };
  }

  async get(id: string): Promise<Versioned<Watch> | undefined> {
    return this.#entries.get(key(id));
  }

  async list(place?: WatchPlace): Promise<Versioned<Watch>[]> {
    const ids = await this.redis.run(() => this.redis.client.smembers(this.#index()));
    const found: Versioned<Watch>[] = [];
    for (const id of ids) {
      const entry = await this.#entries.get(key(id));
      if (!entry) await this.redis.run(() => this.redis.client.srem(this.#index(), id));
      else if (!place || samePlace(entry.value.place, place)) found.push(entry);
    }
    return found.sort((a, b) => a.value.createdAt - b.value.createdAt);
  }

  async update(watch: Watch, expectedVersion: number): Promise<Versioned<Watch>> {
    // A removed watch is at version 0: the compare fails, and its last check posts nothing.
    return this.#entries.put(key(watch.id), watch, { expectedVersion, ttlMs: WATCH_TTL_MS });
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.#entries.delete(key(id));
    await this.redis.run(() => this.redis.client.srem(this.#index(), id));
    return removed;
  }

  #index(): string {
    return this.redis.key('watch-ids');
  }
}

function key(id: string): { platform: string; channel: string; thread: string } {
  return { platform: 'watch', channel: id, thread: '-' };
}
