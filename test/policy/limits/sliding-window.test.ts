import assert from 'node:assert/strict';
import sinon from 'sinon';
import { DiagnosisRateLimit } from '../../../src/policy/limits/diagnosis-rate-limit';
import { SlidingWindow } from '../../../src/policy/limits/sliding-window';

const MINUTE = 60_000;

describe('limits: sliding window', function () {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers({ now: new Date('2026-03-01T09:00:00Z') })));
  afterEach(() => clock.restore());

  it('allows `limit` events in the window and refuses the next, saying when to retry', function () {
    const window = new SlidingWindow({ limit: 3, windowMs: 10 * MINUTE });
    assert.deepEqual(window.take('a'), { allowed: true, remaining: 2 });
    clock.tick(MINUTE);
    assert.deepEqual(window.take('a'), { allowed: true, remaining: 1 });
    clock.tick(MINUTE);
    assert.deepEqual(window.take('a'), { allowed: true, remaining: 0 });
    assert.deepEqual(window.take('a'), { allowed: false, limit: 3, windowMs: 10 * MINUTE, retryAfterMs: 8 * MINUTE });
  });

  it('slides: the oldest event leaving the window makes room for exactly one more', function () {
    const window = new SlidingWindow({ limit: 2, windowMs: 10 * MINUTE });
    window.take('a'); // t=0
    clock.tick(5 * MINUTE);
    window.take('a'); // t=5
    clock.tick(5 * MINUTE - 1);
    assert.equal(window.take('a').allowed, false, 'just before the first event leaves');
    clock.tick(1);
    assert.equal(window.take('a').allowed, true, 'the first event left at t=10');
    assert.equal(window.take('a').allowed, false, 'the t=5 event is still inside');
  });

  it('a burst at the end of one window is not followed by a full burst right after (unlike fixed windows)', function () {
    const window = new SlidingWindow({ limit: 10, windowMs: 10 * MINUTE });
    clock.tick(9 * MINUTE);
    for (let i = 0; i < 10; i++) assert.equal(window.take('a').allowed, true);
    clock.tick(2 * MINUTE);
    assert.equal(window.take('a').allowed, false);
  });

  it('keeps keys apart', function () {
    const window = new SlidingWindow({ limit: 1, windowMs: MINUTE });
    assert.equal(window.take('a').allowed, true);
    assert.equal(window.take('b').allowed, true);
    assert.equal(window.take('a').allowed, false);
  });

  it('a refused attempt is not counted', function () {
    const window = new SlidingWindow({ limit: 1, windowMs: MINUTE });
    window.take('a');
    for (let i = 0; i < 5; i++) window.take('a');
    clock.tick(MINUTE);
    assert.equal(window.take('a').allowed, true);
  });

  it('limit 0 turns the window off', function () {
    const window = new SlidingWindow({ limit: 0, windowMs: MINUTE });
    for (let i = 0; i < 1000; i++) assert.equal(window.take('a').allowed, true);
    assert.equal(window.size, 0);
  });

  it('prune() forgets keys whose events all left the window', function () {
    const window = new SlidingWindow({ limit: 5, windowMs: MINUTE });
    for (let i = 0; i < 100; i++) window.take(`user${i}`);
    assert.equal(window.size, 100);
    clock.tick(MINUTE);
    window.take('fresh');
    window.prune();
    assert.equal(window.size, 1);
  });
});

describe('limits: per-user and per-workspace rate limit', function () {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers({ now: 0 })));
  afterEach(() => clock.restore());

  const defaults = () => new DiagnosisRateLimit({ user: { limit: 10, windowMs: 10 * MINUTE }, workspace: { limit: 15, windowMs: 10 * MINUTE } });

  it('default shape: 10 diagnoses per user per 10 minutes', function () {
    const limit = defaults();
    const alice = { user: 'U1', workspace: 'T1', platform: 'slack' };
    for (let i = 0; i < 10; i++) {
      assert.deepEqual(limit.take(alice), { allowed: true }, `diagnosis ${i + 1}`);
      clock.tick(10_000);
    }
    const refused = limit.take(alice);
    assert.deepEqual(refused, { allowed: false, scope: 'user', limit: 10, windowMs: 10 * MINUTE, retryAfterMs: 10 * MINUTE - 100_000 });
    clock.tick(10 * MINUTE - 100_000);
    assert.deepEqual(limit.take(alice), { allowed: true });
  });

  it('the workspace window holds back a whole workspace, not the next one', function () {
    const limit = defaults();
    for (let i = 0; i < 15; i++) assert.equal(limit.take({ user: `U${i}`, workspace: 'T1' }).allowed, true);
    const refused = limit.take({ user: 'U99', workspace: 'T1' });
    assert.equal(refused.allowed, false);
    assert.equal(!refused.allowed && refused.scope, 'workspace');
    assert.equal(limit.take({ user: 'U99', workspace: 'T2' }).allowed, true);
  });

  it('a refusal by the workspace window costs the user nothing', function () {
    const limit = new DiagnosisRateLimit({ user: { limit: 2, windowMs: MINUTE }, workspace: { limit: 1, windowMs: MINUTE } });
    const bob = { user: 'U2', workspace: 'T1' };
    assert.equal(limit.take(bob).allowed, true);
    assert.equal(limit.take(bob).allowed, false); // workspace full
    clock.tick(MINUTE);
    assert.equal(limit.take(bob).allowed, true);
    assert.equal(limit.take({ user: 'U3', workspace: 'T2' }).allowed, true);
  });

  it('the same user id on two platforms or workspaces is two people', function () {
    const limit = new DiagnosisRateLimit({ user: { limit: 1, windowMs: MINUTE }, workspace: { limit: 100, windowMs: MINUTE } });
    assert.equal(limit.take({ user: 'U1', workspace: 'T1', platform: 'slack' }).allowed, true);
    assert.equal(limit.take({ user: 'U1', workspace: 'T1', platform: 'discord' }).allowed, true);
    assert.equal(limit.take({ user: 'U1', workspace: 'T2', platform: 'slack' }).allowed, true);
    assert.equal(limit.take({ user: 'U1', workspace: 'T1', platform: 'slack' }).allowed, false);
  });

  it('giveBack() un-counts a diagnosis that never ran', function () {
    const limit = new DiagnosisRateLimit({ user: { limit: 1, windowMs: MINUTE }, workspace: { limit: 1, windowMs: MINUTE } });
    const carol = { user: 'U4', workspace: 'T1' };
    assert.equal(limit.take(carol).allowed, true);
    limit.giveBack(carol);
    assert.equal(limit.take(carol).allowed, true);
  });
});
