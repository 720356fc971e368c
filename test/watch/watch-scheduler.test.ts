import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { WatchAlert } from '../../src/watch/detect-changes';
import type { Observation } from '../../src/watch/observe';
import { initialState, type Watch } from '../../src/watch/watch';
import { WatchScheduler } from '../../src/watch/watch-scheduler';
import { MemoryWatchStore } from '../../src/watch/watch-store';

const MIN = 60_000;
const UP: Observation = { status: 'up', certificates: {}, tlsVersions: {}, listed: [] };
const DOWN: Observation = { ...UP, status: 'down', cause: 'tcp.refused', evidence: 'refused' };

function watch(id: string, nextCheckAt: number, intervalMs = 5 * MIN): Watch {
  return {
    id,
    place: { platform: 'slack', channel: 'C1' },
    subject: { label: `imap://${id}.test:993`, incoming: { protocol: 'imap', host: `${id}.test`, port: 993, security: 'tls' } },
    intervalMs,
    language: 'en',
    createdBy: 'U1',
    createdAt: 0,
    nextCheckAt,
    state: initialState(0),
  };
}

describe('watch: the scheduler (fake timers)', function () {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers({ now: 1_800_000_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] })));
  afterEach(() => clock.restore());

  /** A scheduler whose checks answer from `status()` and whose alerts are recorded. */
  function setup(store: MemoryWatchStore, status: (w: Watch) => Observation, extra: { random?: () => number; concurrency?: number } = {}) {
    const checks: { id: string; at: number }[] = [];
    const alerts: { id: string; alert: WatchAlert }[] = [];
    const scheduler = new WatchScheduler({
      store,
      check: async (w) => {
        checks.push({ id: w.id, at: Date.now() });
        return status(w);
      },
      post: async (w, alert) => void alerts.push({ id: w.id, alert }),
      tickMs: 1000,
      confirmDelayMs: 30_000,
      random: extra.random ?? (() => 0.5),
      ...(extra.concurrency ? { concurrency: extra.concurrency } : {}),
    });
    return { scheduler, checks, alerts };
  }

  it('checks every interval (default 5 minutes, jittered) and posts nothing while nothing changes', async function () {
    const store = new MemoryWatchStore();
    await store.add(watch('a', Date.now()));
    let r = 0;
    const random = () => [0, 0.99, 0.5][r++ % 3]!;
    const { scheduler, checks, alerts } = setup(store, () => UP, { random });
    scheduler.start();
    await clock.tickAsync(31 * MIN);
    await scheduler.stop();
    assert.ok(checks.length >= 6 && checks.length <= 8, `${checks.length} checks`);
    const gaps = checks.slice(1).map((c, i) => c.at - checks[i]!.at);
    // Jitter: ±10 % of 5 minutes, rounded up to the next tick.
    for (const gap of gaps) assert.ok(gap >= 4.5 * MIN && gap <= 5.5 * MIN + 1000, `gap ${gap}`);
    assert.ok(new Set(gaps).size > 1, 'the gaps differ (jitter)');
    assert.deepEqual(alerts, []);
  });

  it('a per-watch interval is kept', async function () {
    const store = new MemoryWatchStore();
    await store.add(watch('fast', Date.now(), MIN));
    await store.add(watch('slow', Date.now(), 10 * MIN));
    const { scheduler, checks } = setup(store, () => UP);
    scheduler.start();
    await clock.tickAsync(20 * MIN);
    await scheduler.stop();
    assert.ok(checks.filter((c) => c.id === 'fast').length >= 18);
    assert.equal(checks.filter((c) => c.id === 'slow').length, 2);
  });

  it('down → up: each change is one alert, in order; a failed round is confirmed 30 s later', async function () {
    const store = new MemoryWatchStore();
    await store.add(watch('a', Date.now()));
    let server = UP;
    const { scheduler, checks, alerts } = setup(store, () => server);
    scheduler.start();
    await clock.tickAsync(6 * MIN);
    server = DOWN;
    const failedAt = checks.length;
    await clock.tickAsync(6 * MIN);
    const confirmGap = checks[failedAt + 1]!.at - checks[failedAt]!.at;
    assert.ok(confirmGap >= 30_000 && confirmGap <= 31_000, `confirmed after ${confirmGap} ms`);
    await clock.tickAsync(20 * MIN);
    server = UP;
    await clock.tickAsync(20 * MIN);
    await scheduler.stop();
    assert.deepEqual(alerts.map((a) => a.alert.kind), ['down', 'up']);
  });

  it('no burst after a restart: overdue watches are spread out, and no alert is repeated', async function () {
    const store = new MemoryWatchStore();
    for (let i = 0; i < 10; i += 1) await store.add(watch(`w${i}`, Date.now()));
    const first = setup(store, () => DOWN, { random: Math.random });
    first.scheduler.start();
    await clock.tickAsync(15 * MIN);
    await first.scheduler.stop();
    assert.equal(first.alerts.length, 10);
    // The process is gone for an hour: every watch is overdue when the next one starts.
    await clock.tickAsync(60 * MIN);
    // Even allowed to run all ten at once, it does not.
    const second = setup(store, () => DOWN, { random: Math.random, concurrency: 10 });
    second.scheduler.start();
    await clock.tickAsync(2000);
    assert.ok(second.checks.length <= 3, `${second.checks.length} checks at once after the restart`);
    await clock.tickAsync(2 * MIN);
    await second.scheduler.stop();
    assert.equal(new Set(second.checks.map((c) => c.id)).size, 10, 'all were checked within the spread');
    assert.deepEqual(second.alerts, [], 'still down: nothing new to say');
  });

  it('a removed watch is not checked again, and a check that outlives its watch posts nothing', async function () {
    const store = new MemoryWatchStore();
    await store.add(watch('a', Date.now()));
    let release: () => void = () => undefined;
    const alerts: WatchAlert[] = [];
    const scheduler = new WatchScheduler({
      store,
      check: () => new Promise<Observation>((resolve) => (release = () => resolve(DOWN))),
      post: async (_w, alert) => void alerts.push(alert),
      tickMs: 1000,
      confirmChecks: 1,
    });
    scheduler.start();
    await clock.tickAsync(1000);
    await store.remove('a');
    release();
    await clock.tickAsync(10 * MIN);
    await scheduler.stop();
    assert.deepEqual(alerts, []);
  });
});
