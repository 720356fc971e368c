import { type ConversationKey, keyString } from '../conversation-key';
import { type ConversationStore, NO_VERSION, type PutOptions, type Versioned } from '../conversation-store';
import { StoreClosedError, VersionConflictError } from '../store-errors';
import { type RedisConnection, redisScript } from './redis-client';

/**
 * Conversations in Redis, shared by every process: one hash per conversation (`json`, `version`)
 * with a PEXPIRE, written by a Lua script that compares the version first, so two processes
 * handling events of one thread can never overwrite each other. Versions come from one counter
 * (INCR), so a version is never reused, even after a delete or an expiry.
 */
const PUT = redisScript(`
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then return {0, current} end
local version = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'version', version, 'json', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, version}
`);

const GET = redisScript(`
local found = redis.call('HMGET', KEYS[1], 'json', 'version')
if not found[1] then return false end
return {found[1], found[2], redis.call('PTTL', KEYS[1])}
`);

const DELETE = redisScript(`
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current == 0 then return {0, 0} end
if ARGV[1] ~= '' and current ~= tonumber(ARGV[1]) then return {-1, current} end
redis.call('DEL', KEYS[1])
return {1, current}
`);

export class RedisConversationStore<T> implements ConversationStore<T> {
  #closed = false;

  constructor(
    private readonly redis: RedisConnection,
    /** What the keys say they hold: `conversation` (others may keep other kinds). */
    private readonly kind = 'conversation',
  ) {}

  async get(key: ConversationKey): Promise<Versioned<T> | undefined> {
    const found = (await this.redis.script(GET, [this.#key(key)], [])) as [string, string, number] | null;
    if (!found) return undefined;
    const [json, version, ttl] = found;
    return { value: JSON.parse(json) as T, version: Number(version), expiresAt: Date.now() + Math.max(0, Number(ttl)) };
  }

  async put(key: ConversationKey, value: T, options: PutOptions): Promise<Versioned<T>> {
    const json = JSON.stringify(value);
    const ttlMs = Math.max(1, Math.ceil(options.ttlMs));
    const [written, version] = (await this.redis.script(PUT, [this.#key(key), this.#counter()], [options.expectedVersion, json, ttlMs])) as [number, number];
    if (written !== 1) throw new VersionConflictError(keyString(key), options.expectedVersion, version);
    return { value: JSON.parse(json) as T, version, expiresAt: Date.now() + ttlMs };
  }

  async delete(key: ConversationKey, expectedVersion?: number): Promise<boolean> {
    const [outcome, version] = (await this.redis.script(DELETE, [this.#key(key)], [expectedVersion === undefined ? '' : expectedVersion])) as [number, number];
    if (outcome === -1) throw new VersionConflictError(keyString(key), expectedVersion ?? NO_VERSION, version);
    return outcome === 1;
  }

  /** The connection belongs to the process's stores (see open-stores); closing this only refuses further use. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #key(key: ConversationKey): string {
    if (this.#closed) throw new StoreClosedError();
    return this.redis.key(this.kind, key.platform, key.channel, key.thread);
  }

  #counter(): string {
    return this.redis.key(`${this.kind}-version`);
  }
}
