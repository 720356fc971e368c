import { RedisHistoryStore } from '../history/redis-history-store';
import { RedisOutageStore } from '../outage/redis-outage-store';
import type { Stores } from '../store/open-stores';
import { LocksScheduleLock } from '../watch/locks-schedule-lock';
import { RedisWatchStore } from '../watch/redis-watch-store';
import type { HelpDeskConfig, HelpDeskStores } from './help-desk-services';

/**
 * Watches, history and outage state where the process keeps the rest: in Redis (shared, with the
 * schedule lock so one process checks) when MAILHELP_STORE is Redis, else in memory.
 */
export function helpDeskStores(stores: Stores<unknown>, config: HelpDeskConfig): Partial<HelpDeskStores> {
  if (!stores.redis) return {};
  return {
    watches: new RedisWatchStore(stores.redis),
    history: new RedisHistoryStore(stores.redis, config.retentionMs),
    outages: new RedisOutageStore(stores.redis, stores.locks),
    lock: new LocksScheduleLock(stores.locks),
  };
}
