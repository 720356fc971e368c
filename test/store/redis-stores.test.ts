import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisConnection } from '../../src/store/redis/redis-client';
import { RedisConversationStore } from '../../src/store/redis/redis-conversation-store';
import { RedisDeliveryLog } from '../../src/store/redis/redis-delivery-log';
import { RedisLocks } from '../../src/store/redis/redis-locks';
import { PREFERENCE_TTL_MS, RedisPreferenceStore } from '../../src/store/redis/redis-preference-store';
import { StoreUnavailableError } from '../../src/store/store-errors';
import { requireRedisServer, type RedisTestServer, startRedisServer } from '../support/redis-server';
import { describeConversationStore } from './conversation-store-contract';
import { describeDeliveryLog, describeLocks } from './coordination-contract';

/** Each test gets its own prefix in one real redis-server, so tests never see each other's keys. */
let server: RedisTestServer;
let connections: RedisConnection[] = [];
let prefixes = 0;

function connect(prefix = `t${++prefixes}:`): RedisConnection {
  const connection = new RedisConnection({ url: server.url, prefix, commandTimeoutMs: 1000, maxReconnectDelayMs: 100 });
  connections.push(connection);
  return connection;
}

describe('Redis stores (real redis-server)', function () {
  this.timeout(20_000);
  before(async function () {
    requireRedisServer(this);
    server = await startRedisServer();
  });
  after(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    await Promise.all(connections.map((c) => c.close()));
    connections = [];
  });

  describeConversationStore('RedisConversationStore', async () => {
    const redis = connect();
    await redis.connect();
    return { store: new RedisConversationStore<{ step: string; n?: number }>(redis), advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
  });

  describeLocks('RedisLocks', async () => {
    const redis = connect();
    await redis.connect();
    return { locks: new RedisLocks(redis), advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
  });

  describeDeliveryLog('RedisDeliveryLog', async () => {
    const redis = connect();
    await redis.connect();
    return { log: new RedisDeliveryLog(redis), advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
  });

  it('two processes (two connections) share conversations, and only one of them wins a write', async () => {
    const a = connect('shared:');
    const b = connect('shared:');
    await Promise.all([a.connect(), b.connect()]);
    const storeA = new RedisConversationStore<{ step: string }>(a);
    const storeB = new RedisConversationStore<{ step: string }>(b);
    const key = { platform: 'slack', channel: 'C1', thread: '1.2' };
    const created = await storeA.put(key, { step: 'ask_email' }, { expectedVersion: 0, ttlMs: 60_000 });
    assert.deepEqual((await storeB.get(key))?.value, { step: 'ask_email' });
    const results = await Promise.allSettled([
      storeA.put(key, { step: 'from_a' }, { expectedVersion: created.version, ttlMs: 60_000 }),
      storeB.put(key, { step: 'from_b' }, { expectedVersion: created.version, ttlMs: 60_000 }),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  });

  it('keeps every key under the configured prefix, each with a time to live', async () => {
    const redis = connect('acme-prod:');
    await redis.connect();
    await new RedisConversationStore<{ step: string }>(redis).put({ platform: 'slack', channel: 'C1', thread: '1' }, { step: 'a' }, { expectedVersion: 0, ttlMs: 60_000 });
    await new RedisPreferenceStore(redis).setLanguage('slack', 'U1', 'de');
    await new RedisDeliveryLog(redis).claim('Ev1', 60_000);
    await new RedisLocks(redis).acquire('run:x', 60_000);
    const raw = new Redis(server.url);
    try {
      const keys = await raw.keys('acme-prod:*');
      assert.equal(keys.length, 5, `conversation, its version counter, preference, delivery, lock: ${keys.join(' ')}`);
      for (const key of keys) {
        const ttl = await raw.pttl(key);
        // The version counter alone lives on: a version must never be reused.
        if (key.endsWith('conversation-version')) assert.equal(ttl, -1, key);
        else assert.ok(ttl > 0 && ttl <= (key.includes('preference') ? PREFERENCE_TTL_MS : 60_000), `${key} expires (${ttl})`);
      }
    } finally {
      raw.disconnect();
    }
  });

  it('preferences are shared between processes', async () => {
    const a = connect('prefs:');
    const b = connect('prefs:');
    await Promise.all([a.connect(), b.connect()]);
    await new RedisPreferenceStore(a).setLanguage('discord', 'U9', 'ja');
    assert.equal(await new RedisPreferenceStore(b).getLanguage('discord', 'U9'), 'ja');
    assert.equal(await new RedisPreferenceStore(b).getLanguage('slack', 'U9'), undefined);
  });

  it('the mail app a user named is shared between processes, apart from the language; an unknown stored id reads as none', async () => {
    const a = connect('prefs-app:');
    const b = connect('prefs-app:');
    await Promise.all([a.connect(), b.connect()]);
    await new RedisPreferenceStore(a).setApp('slack', 'U9', 'thunderbird');
    await new RedisPreferenceStore(a).setLanguage('slack', 'U9', 'de');
    assert.equal(await new RedisPreferenceStore(b).getApp('slack', 'U9'), 'thunderbird');
    assert.equal(await new RedisPreferenceStore(b).getLanguage('slack', 'U9'), 'de');
    assert.equal(await new RedisPreferenceStore(b).getApp('discord', 'U9'), undefined);
    await b.run(() => b.client.set(b.key('preference', 'app', 'slack', 'U8'), 'lotus_notes'));
    assert.equal(await new RedisPreferenceStore(b).getApp('slack', 'U8'), undefined);
  });

  it('Redis down: calls fail at once with StoreUnavailableError, and work again after Redis is back without a new client', async () => {
    const redis = connect();
    await redis.connect();
    const store = new RedisConversationStore<{ step: string }>(redis);
    const key = { platform: 'slack', channel: 'C1', thread: 'down' };
    await store.put(key, { step: 'a' }, { expectedVersion: 0, ttlMs: 60_000 });
    await server.pause();
    try {
      const started = Date.now();
      await assert.rejects(store.get(key), StoreUnavailableError);
      assert.ok(Date.now() - started < 1500, 'fails within the command timeout, no hanging');
      assert.equal(await redis.reachable(), false);
    } finally {
      await server.resume();
    }
    const deadline = Date.now() + 5000;
    while (!(await redis.reachable())) {
      assert.ok(Date.now() < deadline, 'reconnected by itself');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // appendonly: what was written before the restart is still there.
    assert.deepEqual((await store.get(key))?.value, { step: 'a' });
  });
});
