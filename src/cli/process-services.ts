import type { ConversationState } from '../conversation/state';
import { listenOps, opsHandler, type OpsHandler, type ReadinessCheck } from '../health/ops-routes';
import type { Logger } from '../logging/logger';
import { BotMetrics } from '../metrics/bot-metrics';
import { DiagnosisLimits } from '../policy/limits/diagnosis-limits';
import { limitsFromEnv } from '../policy/limits/limits-config';
import { InvalidInputError } from '../settings/invalid-input';
import { openStores, type Stores } from '../store/open-stores';
import { RedisConcurrencyQueue } from '../store/redis/redis-concurrency-queue';
import { RedisRateLimit } from '../store/redis/redis-rate-limit';
import { InvalidStoreConfigError, storeConfigFromEnv } from '../store/store-config';

/**
 * What every chat of one `mailhelp start` process shares: the limits, the store (memory, or the
 * deployment's Redis), the metrics, and health/readiness/metrics on PORT.
 */
export interface ProcessServices {
  stores: Stores<ConversationState>;
  limits: DiagnosisLimits;
  metrics: BotMetrics;
  ops: OpsHandler;
  /** Filled in as each chat starts: readiness asks them all, and the store. */
  readiness: ReadinessCheck[];
  /** The options every chat adapter takes from here. */
  chatOptions: Pick<ChatShared, 'limits' | 'store' | 'preferences' | 'coordination' | 'metrics'>;
  /** Health on its own listener when no chat listens on PORT. */
  listenOps(port: number, host: string): Promise<void>;
  close(): Promise<void>;
}

interface ChatShared {
  limits: DiagnosisLimits;
  store: Stores<ConversationState>['conversations'];
  preferences: Stores<ConversationState>['preferences'];
  coordination?: { locks: Stores<ConversationState>['locks']; running: Stores<ConversationState>['runningDiagnoses']; lockTtlMs?: number };
  metrics: BotMetrics;
}

export async function openProcessServices(env: NodeJS.ProcessEnv, logger: Logger): Promise<ProcessServices> {
  let storeConfig;
  try {
    storeConfig = storeConfigFromEnv(env);
  } catch (error) {
    if (!(error instanceof InvalidStoreConfigError)) throw error;
    throw new InvalidInputError('store:invalid_config', { detail: error.message }, error.message);
  }
  const limitsConfig = limitsFromEnv(env);
  // MAILHELP_STORE: memory (this process only) or one Redis shared by every process.
  const stores = await openStores<ConversationState>(storeConfig, logger);
  // One set of limits for both chats; with Redis, one for every process of the deployment.
  const shared = stores.redis
    ? {
        rateLimit: new RedisRateLimit(stores.redis, limitsConfig),
        queue: new RedisConcurrencyQueue(stores.redis, { maxConcurrent: limitsConfig.maxConcurrent, ...(limitsConfig.maxQueued !== undefined ? { maxQueued: limitsConfig.maxQueued } : {}) }),
      }
    : {};
  const limits = new DiagnosisLimits(limitsConfig, shared);
  logger.info({ store: stores.description }, `store: ${stores.kind}`);
  const metrics = new BotMetrics({ queueDepth: () => limits.queued() });
  const readiness: ReadinessCheck[] = [{ name: 'store', check: () => stores.reachable() }];
  const ops = opsHandler({ metrics, readiness: () => readiness });
  const coordination = stores.kind === 'redis' ? { locks: stores.locks, running: stores.runningDiagnoses, ...lockTtl(env) } : undefined;
  let opsServer: { close(): Promise<void> } | undefined;
  return {
    stores,
    limits,
    metrics,
    ops,
    readiness,
    chatOptions: { limits, store: stores.conversations, preferences: stores.preferences, metrics, ...(coordination ? { coordination } : {}) },
    listenOps: async (port, host) => {
      const server = await listenOps(ops, port, host);
      logger.info({ port: server.port }, `health: /healthz /readyz /metrics on port ${server.port}`);
      opsServer = server;
    },
    close: async () => {
      await opsServer?.close();
      await stores.close();
    },
  };
}

/** MAILHELP_RUN_LOCK_TTL_MS: how soon a dead process's diagnosis is noticed (default 15 s). */
function lockTtl(env: NodeJS.ProcessEnv): { lockTtlMs?: number } {
  const value = Number(env.MAILHELP_RUN_LOCK_TTL_MS);
  return Number.isInteger(value) && value >= 300 ? { lockTtlMs: value } : {};
}
