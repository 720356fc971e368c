/**
 * One bot process's watch schedule, for the two-process test: the Redis watch store and schedule
 * lock of the real code, a check that reads the "server's" state from a file the test writes,
 * and alerts written to stdout as JSON lines (`{"pid":…,"event":"alert","kind":"down"}`).
 */
import { readFileSync } from 'node:fs';
import { RedisConnection } from '../../../src/store/redis/redis-client';
import { RedisLocks } from '../../../src/store/redis/redis-locks';
import { LocksScheduleLock } from '../../../src/watch/locks-schedule-lock';
import type { Observation } from '../../../src/watch/observe';
import { RedisWatchStore } from '../../../src/watch/redis-watch-store';
import { WatchScheduler } from '../../../src/watch/watch-scheduler';

const say = (event: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify({ pid: process.pid, at: Date.now(), ...event })}\n`);

async function main(): Promise<void> {
  const redis = new RedisConnection({ url: process.env.REDIS_URL!, prefix: process.env.REDIS_PREFIX!, commandTimeoutMs: 1000, maxReconnectDelayMs: 100 });
  await redis.connect();
  const scheduler = new WatchScheduler({
    store: new RedisWatchStore(redis),
    lock: new LocksScheduleLock(new RedisLocks(redis), Number(process.env.LOCK_TTL_MS)),
    tickMs: 100,
    confirmChecks: 1,
    restartSpreadMs: 200,
    check: async (): Promise<Observation> => {
      const status = readFileSync(process.env.STATUS_FILE!, 'utf8').trim();
      const base = { certificates: {}, tlsVersions: {}, listed: [] };
      return status === 'down' ? { ...base, status: 'down', cause: 'tcp.refused', evidence: 'refused' } : { ...base, status: 'up' };
    },
    post: async (watch, alert) => say({ event: 'alert', watch: watch.id, kind: alert.kind }),
    events: { checked: (watch) => say({ event: 'checked', watch: watch.id }) },
  });
  scheduler.start();
  say({ event: 'started' });
  process.on('SIGTERM', () => void scheduler.stop().then(() => redis.close()).then(() => process.exit(0)));
}

void main();
