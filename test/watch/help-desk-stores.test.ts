import assert from 'node:assert/strict';
import type { Report } from '../../src/diagnosis/report';
import type { HistoryRecord } from '../../src/history/history-record';
import { type HistoryStore, MemoryHistoryStore } from '../../src/history/history-store';
import { RedisHistoryStore } from '../../src/history/redis-history-store';
import { MemoryOutageStore, OutageDetector, type OutageStore } from '../../src/outage/outage-detector';
import { RedisOutageStore } from '../../src/outage/redis-outage-store';
import { RedisConnection } from '../../src/store/redis/redis-client';
import { RedisLocks } from '../../src/store/redis/redis-locks';
import { VersionConflictError } from '../../src/store/store-errors';
import { RedisWatchStore } from '../../src/watch/redis-watch-store';
import { initialState, type Watch } from '../../src/watch/watch';
import { MemoryWatchStore, type WatchStore } from '../../src/watch/watch-store';
import { requireRedisServer, type RedisTestServer, startRedisServer } from '../support/redis-server';

const NOW = Date.now();

function watch(id: string, channel = 'C1', label = `imap://${id}.test:993`): Watch {
  return { id, place: { platform: 'slack', channel }, subject: { label }, intervalMs: 300_000, language: 'en', createdBy: 'U1', createdAt: NOW, nextCheckAt: NOW, state: initialState(NOW) };
}

function failing(host: string, cause = 'tls.cert_expired'): Report {
  return {
    verdict: 'problem',
    settings: { incoming: { protocol: 'imap', host, port: 993, security: 'tls' } },
    findings: [{ cause: cause as never, severity: 'error', target: 'incoming', evidence: 'expired', facts: {} }],
    checks: [],
    vantage: { host: 'bot', description: '' },
    durationMs: 1,
  };
}

function record(id: string, user: string, at: number, host = 'imap.acme.test'): HistoryRecord {
  const report = failing(host);
  return { id, platform: 'slack', workspace: 'T1', channel: 'C1', thread: '1.2', user: { id: user }, at, settings: report.settings, verdict: 'problem', causes: ['tls.cert_expired'], report };
}

/** The same behaviour from the memory and the Redis implementations. */
function describeStores(name: string, make: () => Promise<{ watches: WatchStore; history: HistoryStore; outages: () => OutageStore }>): void {
  describe(name, function () {
    it('watches: one per label and channel; compare-and-set; a removed watch cannot be written', async function () {
      const { watches } = await make();
      assert.equal((await watches.add(watch('W-1'))).added, true);
      assert.equal((await watches.add({ ...watch('W-2'), subject: { label: 'imap://W-1.test:993' } })).added, false);
      await watches.add(watch('W-3', 'C2'));
      assert.deepEqual((await watches.list({ platform: 'slack', channel: 'C1' })).map((w) => w.value.id), ['W-1']);
      const stored = (await watches.get('W-1'))!;
      await watches.update({ ...stored.value, nextCheckAt: NOW + 1 }, stored.version);
      await assert.rejects(watches.update({ ...stored.value, nextCheckAt: NOW + 2 }, stored.version), VersionConflictError);
      const current = (await watches.get('W-1'))!;
      assert.equal(await watches.remove('W-1'), true);
      await assert.rejects(watches.update(current.value, current.version), VersionConflictError);
      assert.deepEqual((await watches.list()).map((w) => w.value.id), ['W-3']);
    });

    it('history: newest first, by user and by server, forget a user, expired records gone', async function () {
      const { history } = await make();
      await history.add(record('R-0001', 'U1', NOW - 3000));
      await history.add(record('R-0002', 'U2', NOW - 2000, 'smtp.other.test'));
      await history.add(record('R-0003', 'U1', NOW - 1000));
      await history.add(record('R-OLD1', 'U1', NOW - 40 * 24 * 3_600_000));
      assert.deepEqual((await history.query({})).map((r) => r.id), ['R-0003', 'R-0002', 'R-0001']);
      assert.deepEqual((await history.query({ user: 'U1', limit: 1 })).map((r) => r.id), ['R-0003']);
      assert.deepEqual((await history.query({ server: 'smtp.other.test' })).map((r) => r.id), ['R-0002']);
      assert.equal((await history.get('R-0002'))?.user.id, 'U2');
      assert.equal(await history.forgetUser('slack', 'U1'), 2);
      assert.deepEqual((await history.query({})).map((r) => r.id), ['R-0002']);
      assert.equal(await history.get('R-OLD1'), undefined);
    });

    it('outages: reports recorded at once through two detectors open the outage once', async function () {
      const { outages } = await make();
      const one = new OutageDetector(outages(), { reports: 3, windowMs: 900_000 });
      const two = new OutageDetector(outages(), { reports: 3, windowMs: 900_000 });
      const verdicts = await Promise.all(
        ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'].map((user, i) => (i % 2 ? one : two).record(failing('imap.acme.test'), { reporter: user, at: NOW + i })),
      );
      const kinds = verdicts.flat().map((v) => v.kind);
      assert.equal(kinds.filter((k) => k === 'opened').length, 1, kinds.join(' '));
      assert.equal(kinds.filter((k) => k === 'known').length, 3);
    });
  });
}

describeStores('help-desk stores in memory', async () => {
  const outages = new MemoryOutageStore();
  return { watches: new MemoryWatchStore(), history: new MemoryHistoryStore(), outages: () => outages };
});

describe('help-desk stores in Redis (real redis-server)', function () {
  this.timeout(20_000);
  let server: RedisTestServer | undefined;
  const connections: RedisConnection[] = [];
  let prefixes = 0;
  before(async function () {
    requireRedisServer(this);
    server = await startRedisServer();
  });
  after(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await server?.stop();
  });
  const connect = async (prefix: string): Promise<RedisConnection> => {
    const connection = new RedisConnection({ url: server!.url, prefix });
    connections.push(connection);
    await connection.connect();
    return connection;
  };
  describeStores('RedisWatchStore, RedisHistoryStore, RedisOutageStore', async () => {
    const prefix = `hd${++prefixes}:`;
    const redis = await connect(prefix);
    // Each detector on its own connection, as two processes would be.
    const other = await connect(prefix);
    let made = 0;
    const outages = (): OutageStore => {
      const own = made++ % 2 ? other : redis;
      return new RedisOutageStore(own, new RedisLocks(own));
    };
    return { watches: new RedisWatchStore(redis), history: new RedisHistoryStore(redis), outages };
  });
});
