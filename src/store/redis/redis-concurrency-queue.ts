import { randomBytes } from 'node:crypto';
import { QueueCancelledError, QueueFullError, type Slot, type SlotRequest } from '../../policy/limits/concurrency-queue';
import type { SharedQueue } from '../../policy/limits/shared-limits';
import { type RedisConnection, redisScript } from './redis-client';

/**
 * MAILHELP_MAX_CONCURRENT for the whole deployment, first come first served: a sorted set of
 * waiting tickets (by arrival), a sorted set of running ones (by lease end), and a heartbeat per
 * waiting ticket. A process polls for its waiting tickets (which renews their heartbeat) and
 * renews the leases of its running ones; a dead process's tickets expire and free their places.
 * Polling (every `pollMs`) is what no Redis primitive does for a counted semaphore with places
 * in line; BLPOP-style wake-ups cannot tell each waiter its number.
 */
const STEP = redisScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ticket, max, lease, maxQueued, mode = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)) do
  redis.call('ZREM', KEYS[1], dead)
  redis.call('ZREM', KEYS[4], dead)
end
if mode == 'enqueue' then
  if redis.call('ZCARD', KEYS[2]) >= max and redis.call('ZCARD', KEYS[1]) >= maxQueued then return -1 end
  redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[3]), ticket)
elseif not redis.call('ZSCORE', KEYS[1], ticket) then
  if redis.call('ZSCORE', KEYS[2], ticket) then return 0 end
  return -2
end
local rank = redis.call('ZRANK', KEYS[1], ticket)
local free = math.max(0, max - redis.call('ZCARD', KEYS[2]))
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], 86400000) end
if rank < free then
  redis.call('ZREM', KEYS[1], ticket)
  redis.call('ZREM', KEYS[4], ticket)
  redis.call('ZADD', KEYS[2], now + lease, ticket)
  return 0
end
redis.call('ZADD', KEYS[4], now + lease, ticket)
return rank - free + 1
`);

const RENEW = redisScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1])
`);

export interface RedisQueueOptions {
  maxConcurrent: number;
  maxQueued?: number;
  /** A ticket not renewed for this long belonged to a dead process (default 15 s). */
  leaseMs?: number;
  pollMs?: number;
}

export class RedisConcurrencyQueue implements SharedQueue {
  #closed = false;
  readonly #waiting = new Set<() => void>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisQueueOptions,
  ) {}

  async request(request: SlotRequest): Promise<Slot> {
    if (this.#closed) throw new QueueCancelledError('closed');
    if (request.signal?.aborted) throw new QueueCancelledError('cancelled');
    const ticket = randomBytes(9).toString('base64url');
    const first = await this.#step(ticket, 'enqueue');
    if (first === -1) throw new QueueFullError(this.options.maxQueued ?? 100);
    return this.#slot(ticket, first, request);
  }

  async queued(): Promise<number> {
    return this.redis.run(() => this.redis.client.zcard(this.#keys()[0]!));
  }

  close(): void {
    this.#closed = true;
    for (const turnAway of [...this.#waiting]) turnAway();
  }

  #slot(ticket: string, firstPosition: number, request: SlotRequest): Slot {
    const leaseMs = this.options.leaseMs ?? 15_000;
    let position = firstPosition;
    let state: 'waiting' | 'running' | 'done' = position === 0 ? 'running' : 'waiting';
    let timer: NodeJS.Timeout | undefined;
    let settle!: { resolve(): void; reject(error: QueueCancelledError): void };
    const granted = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    granted.catch(() => undefined);
    const remove = (): void => {
      void this.redis
        .run(() => {
          const [waiting, running, , heartbeats] = this.#keys();
          return this.redis.client.multi().zrem(waiting!, ticket).zrem(running!, ticket).zrem(heartbeats!, ticket).exec();
        })
        .catch(() => undefined);
    };
    const stop = (error?: QueueCancelledError): void => {
      if (state === 'done') return;
      const wasWaiting = state === 'waiting';
      state = 'done';
      clearInterval(timer);
      this.#waiting.delete(turnAway);
      request.signal?.removeEventListener('abort', onAbort);
      remove();
      if (wasWaiting && error) settle.reject(error);
    };
    const turnAway = (): void => stop(new QueueCancelledError('closed'));
    const onAbort = (): void => {
      if (state === 'waiting') stop(new QueueCancelledError('cancelled'));
    };
    const run = (): void => {
      state = 'running';
      this.#waiting.delete(turnAway);
      clearInterval(timer);
      // The lease of a running slot is renewed until release; a dead process's expires.
      timer = setInterval(() => void this.redis.script(RENEW, [this.#keys()[1]!], [ticket, leaseMs]).catch(() => undefined), Math.max(50, Math.floor(leaseMs / 3)));
      timer.unref();
      settle.resolve();
    };
    const poll = async (): Promise<void> => {
      if (state !== 'waiting') return;
      let next: number;
      try {
        next = await this.#step(ticket, 'poll');
      } catch {
        return; // Redis away for a moment: the next poll tries again.
      }
      if (state !== 'waiting') return;
      if (next === -2) return void stop(new QueueCancelledError('timeout'));
      if (next === 0) {
        run();
        request.onPosition?.(0);
        return;
      }
      if (next !== position) {
        position = next;
        request.onPosition?.(next);
      }
    };
    if (state === 'running') run();
    else {
      this.#waiting.add(turnAway);
      request.signal?.addEventListener('abort', onAbort, { once: true });
      timer = setInterval(() => void poll(), this.options.pollMs ?? 300);
      timer.unref();
    }
    const slot: Slot = {
      get position() {
        return state === 'waiting' ? position : 0;
      },
      granted,
      cancel: () => stop(new QueueCancelledError('cancelled')),
      release: () => {
        if (state === 'running') stop();
      },
    };
    return slot;
  }

  #step(ticket: string, mode: 'enqueue' | 'poll'): Promise<number> {
    const { maxConcurrent, maxQueued = 100, leaseMs = 15_000 } = this.options;
    return this.redis.script(STEP, this.#keys(), [ticket, maxConcurrent, leaseMs, maxQueued, mode]) as Promise<number>;
  }

  #keys(): string[] {
    return [this.redis.key('queue', 'waiting'), this.redis.key('queue', 'running'), this.redis.key('queue', 'arrivals'), this.redis.key('queue', 'heartbeats')];
  }
}
