import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../store-errors';

/**
 * The one Redis connection of a process (ioredis), configured for a chat bot: a command that
 * gets no answer in `commandTimeoutMs` fails instead of hanging a conversation; while Redis is
 * unreachable commands fail at once (no offline queue: the user hears "try again in a minute"
 * instead of waiting), and ioredis reconnects by itself with a capped backoff.
 * Replies are bounded in time by the command timeout; in bytes by what this bot itself writes
 * (every value is one conversation or a counter).
 */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** Every key starts with this (MAILHELP_STORE_PREFIX, default `mailhelp:`). */
  prefix: string;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Longest pause between two reconnection attempts. */
  maxReconnectDelayMs?: number;
  /** Told when the connection is lost or comes back (logs, readiness). */
  onStatus?: (status: RedisStatus, error?: Error) => void;
}

export type RedisStatus = 'ready' | 'down';

export const DEFAULT_COMMAND_TIMEOUT_MS = 2000;

export class RedisConnection {
  readonly client: Redis;
  readonly prefix: string;
  #closing = false;

  constructor(options: RedisConnectionOptions) {
    this.prefix = options.prefix;
    const maxDelay = options.maxReconnectDelayMs ?? 2000;
    this.client = new Redis<'legacy'>(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      connectTimeout: options.connectTimeoutMs ?? 2000,
      // Never gives up: a Redis restart of any length is survived.
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
      // Reads after a failover must not go to a replica that turned read-only.
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
    });
    let last: RedisStatus | undefined;
    const report = (status: RedisStatus, error?: Error): void => {
      if (status === last || this.#closing) return;
      last = status;
      options.onStatus?.(status, error);
    };
    this.client.on('ready', () => report('ready'));
    this.client.on('error', (error: Error) => report('down', error));
    this.client.on('end', () => report('down'));
    this.client.on('close', () => {
      if (this.client.status !== 'ready') report('down');
    });
  }

  /** Connects once; a Redis that is down now does not stop the bot (it keeps trying, readiness says so). */
  async connect(): Promise<boolean> {
    try {
      await this.client.connect();
      return true;
    } catch {
      return false;
    }
  }

  /** Whether the connection is up and a PING is answered in time (readiness). */
  async reachable(): Promise<boolean> {
    if (this.client.status !== 'ready') return false;
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** `prefix` + parts joined by `:`; each part escaped so no two keys collide. */
  key(...parts: string[]): string {
    return this.prefix + parts.map((part) => encodeURIComponent(part)).join(':');
  }

  /**
   * Runs one Lua script (EVALSHA, loading it when Redis does not know it yet) and turns any
   * failure to reach Redis into StoreUnavailableError. Scripts run atomically in Redis: that is
   * what makes compare-and-set, locks and counters safe across processes.
   */
  async script(script: RedisScript, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.run(async () => {
      try {
        return await this.client.evalsha(script.sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await this.client.eval(script.lua, keys.length, ...keys, ...args);
      }
    });
  }

  /** Any command, with the error turned into StoreUnavailableError when Redis is the problem. */
  async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw asStoreError(error);
    }
  }

  async close(): Promise<void> {
    this.#closing = true;
    if (this.client.status === 'end') return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}

export interface RedisScript {
  lua: string;
  sha: string;
}

/** A Lua script and its SHA-1 (what EVALSHA names it by). */
export function redisScript(lua: string): RedisScript {
  // SHA-1 is what Redis itself names scripts by; it is not used for security here.
  const sha = createHash('sha1').update(lua).digest('hex');
  return { lua, sha };
}

/**
 * Errors of the connection (refused, closed, timed out, no offline queue) are the store being
 * unavailable; a Redis error reply (a bug in a script, wrong type) is passed on unchanged.
 */
function asStoreError(error: unknown): unknown {
  if (!(error instanceof Error)) return new StoreUnavailableError(error);
  if (error.name === 'ReplyError') return error;
  return new StoreUnavailableError(error);
}
