import type { RedisConnection } from '../store/redis/redis-client';
import { DEFAULT_RETENTION_MS, type HistoryRecord, matchesServer } from './history-record';
import type { HistoryQuery, HistoryStore } from './history-store';

/** Records looked at by one query, newest first: the help desk asks about recent checks. */
const MAX_SCANNED = 5000;

/**
 * History in Redis: each record one key with the retention as its TTL, and a sorted set of ids
 * by time for the queries (pruned as records expire).
 */
export class RedisHistoryStore implements HistoryStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly retentionMs = DEFAULT_RETENTION_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async add(record: HistoryRecord): Promise<void> {
    const ttl = Math.max(1, record.at + this.retentionMs - this.now());
    await this.redis.run(() =>
      this.redis.client.multi().set(this.#record(record.id), JSON.stringify(record), 'PX', ttl).zadd(this.#index(), record.at, record.id).exec(),
    );
  }

  async get(id: string): Promise<HistoryRecord | undefined> {
    const json = await this.redis.run(() => this.redis.client.get(this.#record(id)));
    return json ? (JSON.parse(json) as HistoryRecord) : undefined;
  }

  async query(query: HistoryQuery): Promise<HistoryRecord[]> {
    const matching: HistoryRecord[] = [];
    for (const record of await this.#recent()) {
      if (query.platform !== undefined && record.platform !== query.platform) continue;
      if (query.workspace !== undefined && record.workspace !== query.workspace) continue;
      if (query.user !== undefined && record.user.id !== query.user) continue;
      if (query.server !== undefined && !matchesServer(record, query.server)) continue;
      matching.push(record);
      if (query.limit !== undefined && matching.length >= query.limit) break;
    }
    return matching;
  }

  async forgetUser(platform: string, userId: string): Promise<number> {
    const theirs = (await this.#recent(Number.POSITIVE_INFINITY)).filter((r) => r.platform === platform && r.user.id === userId);
    if (!theirs.length) return 0;
    await this.redis.run(() =>
      this.redis.client
        .multi()
        .del(...theirs.map((r) => this.#record(r.id)))
        .zrem(this.#index(), ...theirs.map((r) => r.id))
        .exec(),
    );
    return theirs.length;
  }

  async #recent(max = MAX_SCANNED): Promise<HistoryRecord[]> {
    const { client } = this.redis;
    await this.redis.run(() => client.zremrangebyscore(this.#index(), '-inf', this.now() - this.retentionMs));
    const ids = await this.redis.run(() => client.zrevrange(this.#index(), 0, Number.isFinite(max) ? max - 1 : -1));
    if (!ids.length) return [];
    const values = await this.redis.run(() => client.mget(...ids.map((id) => this.#record(id))));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as HistoryRecord);
  }

  #record(id: string): string {
    return this.redis.key('history', id);
  }

  #index(): string {
    return this.redis.key('history-index');
  }
}
