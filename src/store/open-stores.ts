import type { ConversationStore } from './conversation-store';
import { type DeliveryLog, MemoryDeliveryLog } from './delivery-log';
import { type Locks, MemoryLocks } from './locks';
import { MemoryConversationStore } from './memory-conversation-store';
import { MemoryPreferenceStore, type PreferenceStore } from './preference-store';
import { RedisConnection, type RedisStatus } from './redis/redis-client';
import { RedisConversationStore } from './redis/redis-conversation-store';
import { RedisDeliveryLog } from './redis/redis-delivery-log';
import { RedisLocks } from './redis/redis-locks';
import { RedisPreferenceStore } from './redis/redis-preference-store';
import { RedisRunningDiagnoses } from './redis/redis-running-diagnoses';
import { MemoryRunningDiagnoses, type RunningDiagnoses } from './running-diagnoses';
import { describeStore, type StoreConfig } from './store-config';

/**
 * Everything a process keeps between events, from one configuration: memory (one process) or
 * one Redis shared by every process of the deployment. Other features keep their own kinds of
 * state (watches, history) on `redis` with `redis.key(...)`, or in memory when it is absent.
 */
export interface Stores<C> {
  readonly kind: StoreConfig['kind'];
  /** For logs: `memory` or the Redis host and port (never a password). */
  readonly description: string;
  conversations: ConversationStore<C>;
  preferences: PreferenceStore;
  deliveries: DeliveryLog;
  locks: Locks;
  runningDiagnoses: RunningDiagnoses;
  /** The Redis connection when the store is Redis. */
  redis?: RedisConnection;
  /** Readiness: the store answers now. Memory always does. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export async function openStores<C>(config: StoreConfig, logger?: StoreLogger): Promise<Stores<C>> {
  const description = describeStore(config);
  if (config.kind === 'memory') {
    const conversations = new MemoryConversationStore<C>();
    return {
      kind: 'memory',
      description,
      conversations,
      preferences: new MemoryPreferenceStore(),
      deliveries: new MemoryDeliveryLog(),
      locks: new MemoryLocks(),
      runningDiagnoses: new MemoryRunningDiagnoses(),
      reachable: async () => true,
      close: () => conversations.close(),
    };
  }
  const onStatus = (status: RedisStatus, error?: Error): void => {
    if (status === 'ready') logger?.info({ store: description }, 'store: connected');
    // The error's message only: an ioredis error never carries the password, but its options might.
    else logger?.warn({ store: description, error: error?.message.slice(0, 200) }, 'store: unreachable; reconnecting');
  };
  const redis = new RedisConnection({ url: config.url, prefix: config.prefix, onStatus });
  await redis.connect();
  return {
    kind: 'redis',
    description,
    conversations: new RedisConversationStore<C>(redis),
    preferences: new RedisPreferenceStore(redis),
    deliveries: new RedisDeliveryLog(redis),
    locks: new RedisLocks(redis),
    runningDiagnoses: new RedisRunningDiagnoses(redis),
    redis,
    reachable: () => redis.reachable(),
    close: () => redis.close(),
  };
}
