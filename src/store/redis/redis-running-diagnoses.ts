import type { ConversationKey } from '../conversation-key';
import type { RunningDiagnoses } from '../running-diagnoses';
import { type RedisConnection, redisScript } from './redis-client';

/** One hash, conversation id → {key, runId}; it lives a day past its last change. */
const TTL_MS = 24 * 60 * 60 * 1000;

const REMOVE = redisScript(`
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if entry and cjson.decode(entry).runId == tonumber(ARGV[2]) then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`);

export class RedisRunningDiagnoses implements RunningDiagnoses {
  constructor(private readonly redis: RedisConnection) {}

  async add(id: string, key: ConversationKey, runId: number): Promise<void> {
    const hash = this.#hash();
    await this.redis.run(() => this.redis.client.multi().hset(hash, id, JSON.stringify({ key, runId })).pexpire(hash, TTL_MS).exec());
  }

  async remove(id: string, runId: number): Promise<void> {
    await this.redis.script(REMOVE, [this.#hash()], [id, runId]);
  }

  async list(): Promise<{ id: string; key: ConversationKey; runId: number }[]> {
    const all = await this.redis.run(() => this.redis.client.hgetall(this.#hash()));
    return Object.entries(all).map(([id, json]) => {
      const { key, runId } = JSON.parse(json) as { key: ConversationKey; runId: number };
      return { id, key, runId };
    });
  }

  #hash(): string {
    return this.redis.key('running-diagnoses');
  }
}
