import { randomBytes } from 'node:crypto';
import type { RateLimitDecision, Requester } from '../../policy/limits/diagnosis-rate-limit';
import type { SharedRateLimit } from '../../policy/limits/shared-limits';
import type { SlidingWindowOptions } from '../../policy/limits/sliding-window';
import { type RedisConnection, redisScript } from './redis-client';

/**
 * The per-user and per-workspace sliding windows in Redis, for every process at once: one
 * sorted set per window (member: the diagnosis's ticket, score: when it started, by Redis's
 * clock so processes never disagree), trimmed and counted and added to in one script. Both
 * windows count a diagnosis, or neither does. Each set expires one window after its last event.
 */
const TAKE = redisScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  if limit > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
    if redis.call('ZCARD', KEYS[i]) >= limit then
      local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
      return {i, math.max(1, tonumber(oldest[2]) + window - now)}
    end
  end
end
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  if limit > 0 then
    redis.call('ZADD', KEYS[i], now, ARGV[1])
    redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i + 1]))
  end
end
return {0, 0}
`);

/** TAKE without the adding: counts what is inside each window now and writes nothing. */
const PEEK = redisScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  if limit > 0 and redis.call('ZCOUNT', KEYS[i], '(' .. (now - window), '+inf') >= limit then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[i], '(' .. (now - window), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    return {i, math.max(1, tonumber(oldest[2]) + window - now)}
  end
end
return {0, 0}
`);

export class RedisRateLimit implements SharedRateLimit {
  constructor(
    private readonly redis: RedisConnection,
    private readonly windows: { user: SlidingWindowOptions; workspace: SlidingWindowOptions },
  ) {}

  async take(requester: Requester): Promise<RateLimitDecision & { ticket?: string }> {
    const ticket = randomBytes(9).toString('base64url');
    const { user, workspace } = this.windows;
    // The user's window first, as in one process: a user over their limit hears so.
    const keys = [this.#key('user', requester), this.#key('workspace', requester)];
    const [refused, retryAfterMs] = (await this.redis.script(TAKE, keys, [ticket, user.limit, user.windowMs, workspace.limit, workspace.windowMs])) as [number, number];
    if (refused === 0) return { allowed: true, ticket };
    const scope = refused === 1 ? 'user' : 'workspace';
    const window = scope === 'user' ? user : workspace;
    return { allowed: false, scope, limit: window.limit, windowMs: window.windowMs, retryAfterMs };
  }

  async peek(requester: Requester): Promise<RateLimitDecision> {
    const { user, workspace } = this.windows;
    const keys = [this.#key('user', requester), this.#key('workspace', requester)];
    const [refused, retryAfterMs] = (await this.redis.script(PEEK, keys, [user.limit, user.windowMs, workspace.limit, workspace.windowMs])) as [number, number];
    if (refused === 0) return { allowed: true };
    const scope = refused === 1 ? 'user' : 'workspace';
    const window = scope === 'user' ? user : workspace;
    return { allowed: false, scope, limit: window.limit, windowMs: window.windowMs, retryAfterMs };
  }

  async giveBack(requester: Requester, ticket: string): Promise<void> {
    await this.redis.run(() =>
      this.redis.client
        .multi()
        .zrem(this.#key('workspace', requester), ticket)
        .zrem(this.#key('user', requester), ticket)
        .exec(),
    );
  }

  #key(scope: 'user' | 'workspace', requester: Requester): string {
    const platform = requester.platform ?? '';
    return scope === 'user' ? this.redis.key('rate', 'user', platform, requester.workspace, requester.user) : this.redis.key('rate', 'workspace', platform, requester.workspace);
  }
}
