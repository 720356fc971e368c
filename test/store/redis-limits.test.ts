import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../../src/policy/limits/limits-config';
import { DiagnosisLimits } from '../../src/policy/limits/diagnosis-limits';
import { RedisConnection } from '../../src/store/redis/redis-client';
import { RedisConcurrencyQueue } from '../../src/store/redis/redis-concurrency-queue';
import { RedisRateLimit } from '../../src/store/redis/redis-rate-limit';
import { requireRedisServer, type RedisTestServer, startRedisServer } from '../support/redis-server';
import { until } from '../support/until';

const MINUTE = 60_000;
const alice = { user: 'U1', workspace: 'T1', platform: 'slack' };

/** Two "processes": two connections and two DiagnosisLimits on one real redis-server. */
describe('limits shared by several processes (real redis-server)', function () {
  this.timeout(20_000);
  let server: RedisTestServer;
  let connections: RedisConnection[] = [];
  let prefixes = 0;

  before(async function () {
    requireRedisServer(this);
    server = await startRedisServer();
  });
  after(async () => server?.stop());
  afterEach(async () => {
    await Promise.all(connections.map((c) => c.close()));
    connections = [];
  });

  async function processes(config = { ...DEFAULT_LIMITS, user: { limit: 2, windowMs: 10 * MINUTE }, maxConcurrent: 1 }, leaseMs = 15_000): Promise<DiagnosisLimits[]> {
    const prefix = `limits${++prefixes}:`;
    return Promise.all(
      [1, 2].map(async () => {
        const redis = new RedisConnection({ url: server.url, prefix });
        connections.push(redis);
        await redis.connect();
        return new DiagnosisLimits(config, { rateLimit: new RedisRateLimit(redis, config), queue: new RedisConcurrencyQueue(redis, { maxConcurrent: config.maxConcurrent, maxQueued: config.maxQueued ?? 100, leaseMs, pollMs: 50 }) });
      }),
    );
  }

  it("a user's limit counts every process's diagnoses: 2 in total, not 2 each", async () => {
    const [a, b] = await processes({ ...DEFAULT_LIMITS, user: { limit: 2, windowMs: 10 * MINUTE }, maxConcurrent: 10 });
    const first = await a!.admit(alice);
    const second = await b!.admit(alice);
    assert.ok(first.admitted && second.admitted);
    const third = await a!.admit(alice);
    assert.equal(third.admitted, false);
    assert.ok(!third.admitted && third.reason === 'user' && third.retryAfterMs > 9 * MINUTE && third.retryAfterMs <= 10 * MINUTE);
    assert.equal((await b!.admit({ ...alice, user: 'U2' })).admitted, true, 'another user is not affected');
    first.slot.release();
    second.slot.release();
  });

  it('check() at /mailhelp sees the limit every process counted, and counts nothing itself', async () => {
    const [a, b] = await processes({ ...DEFAULT_LIMITS, user: { limit: 1, windowMs: 10 * MINUTE }, maxConcurrent: 10 });
    for (let i = 0; i < 3; i += 1) assert.equal(await b!.check(alice), undefined, 'a check is not a diagnosis');
    const first = await a!.admit(alice);
    assert.ok(first.admitted);
    const held = await b!.check(alice);
    assert.ok(held?.reason === 'user' && held.retryAfterMs > 9 * MINUTE && held.retryAfterMs <= 10 * MINUTE, JSON.stringify(held));
    assert.equal(await b!.check({ ...alice, user: 'U2' }), undefined, 'another user is not affected');
    first.slot.release();
  });

  it('one queue for the deployment: the second process waits as number 1 and starts when the first releases', async () => {
    const [a, b] = await processes();
    const running = await a!.admit(alice);
    assert.ok(running.admitted);
    await running.slot.granted;
    const positions: number[] = [];
    const waiting = await b!.admit({ ...alice, user: 'U2' }, { onPosition: (p) => positions.push(p) });
    assert.ok(waiting.admitted);
    assert.equal(waiting.slot.position, 1);
    assert.equal(await b!.queued(), 1);
    running.slot.release();
    await waiting.slot.granted;
    assert.deepEqual(positions, [0]);
    assert.equal(await a!.queued(), 0);
    waiting.slot.release();
  });

  it("a dead process's running slot expires with its lease and the next in line gets it", async () => {
    const [a, b] = await processes(undefined, 400);
    const dead = await a!.admit(alice);
    assert.ok(dead.admitted);
    // The process dies: its connection goes, nothing renews the lease any more.
    await connections[0]!.close();
    const next = await b!.admit({ ...alice, user: 'U2' });
    assert.ok(next.admitted);
    assert.equal(next.slot.position, 1);
    await next.slot.granted;
    next.slot.release();
  });

  it('leaving the line (cancel) frees the place; a full line refuses and gives the user back their count', async () => {
    const config = { ...DEFAULT_LIMITS, user: { limit: 1, windowMs: MINUTE }, maxConcurrent: 1, maxQueued: 1 };
    const [a, b] = await processes(config);
    const running = await a!.admit({ ...alice, user: 'U8' });
    const controller = new AbortController();
    const waiting = await b!.admit({ ...alice, user: 'U9' }, { signal: controller.signal });
    assert.ok(running.admitted && waiting.admitted);
    assert.deepEqual(await a!.admit(alice), { admitted: false, reason: 'queue_full' });
    controller.abort();
    await assert.rejects(waiting.slot.granted);
    await until(async () => (await b!.queued()) === 0, 'the cancelled caller to leave the line');
    // Alice's refused attempt did not count: she still has her one.
    const again = await b!.admit(alice);
    assert.ok(again.admitted);
    again.slot.cancel();
    running.slot.release();
  });
});
