import type { Locks } from '../store/locks';
import type { RedisConnection } from '../store/redis/redis-client';
import type { OutageEntry, OutageStore } from './outage-detector';

/** An entry nobody has touched for a day is gone. */
const ENTRY_TTL_MS = 24 * 60 * 60_000;
const LOCK_TTL_MS = 2000;

/**
 * Outage state in Redis, shared by every process: one key per server, changed under a short
 * per-server lock, so two processes recording reports of one server never open it twice.
 */
export class RedisOutageStore implements OutageStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly locks: Locks,
  ) {}

  async update<T>(server: string, change: (entry: OutageEntry | undefined) => { entry: OutageEntry | undefined; result: T }): Promise<T> {
    const lock = await this.#lock(server);
    try {
      const key = this.redis.key('outage', server);
      const json = await this.redis.run(() => this.redis.client.get(key));
      const { entry, result } = change(json ? (JSON.parse(json) as OutageEntry) : undefined);
      if (entry) await this.redis.run(() => this.redis.client.set(key, JSON.stringify(entry), 'PX', ENTRY_TTL_MS));
      else await this.redis.run(() => this.redis.client.del(key));
      return result;
    } finally {
      await lock.release().catch(() => undefined);
    }
  }

  async #lock(server: string) {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const lock = await this.locks.acquire(`outage:${server}`, LOCK_TTL_MS);
      if (lock) return lock;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`outage state of ${server} stayed locked`);
  }
}
