import assert from 'node:assert/strict';
import sinon from 'sinon';
import { translator } from '../../../src/i18n/translator';
import { ConnectionBudget, ConnectionLimitError } from '../../../src/policy/limits/connection-budget';
import { DiagnosisLimits } from '../../../src/policy/limits/diagnosis-limits';
import { busyMessage, duration, refusalMessage } from '../../../src/policy/limits/limit-messages';
import { DEFAULT_LIMITS, InvalidLimitConfigError, limitsFromEnv } from '../../../src/policy/limits/limits-config';

const MINUTE = 60_000;

describe('limits: configuration from the environment', function () {
  it('defaults: 10 per user and 200 per workspace per 10 minutes, 4 at once, 64 connections', function () {
    assert.deepEqual(limitsFromEnv({}), DEFAULT_LIMITS);
    assert.deepEqual(DEFAULT_LIMITS, {
      user: { limit: 10, windowMs: 10 * MINUTE },
      workspace: { limit: 200, windowMs: 10 * MINUTE },
      maxConcurrent: 4,
      maxConnections: 64,
    });
  });

  it('reads COUNT/WINDOW, COUNT alone, off, and the counts', function () {
    const config = limitsFromEnv({
      MAILHELP_LIMIT_USER: '5/1h',
      MAILHELP_LIMIT_WORKSPACE: ' 50 ',
      MAILHELP_MAX_CONCURRENT: '2',
      MAILHELP_MAX_CONNECTIONS: '0',
    });
    assert.deepEqual(config.user, { limit: 5, windowMs: 3_600_000 });
    assert.deepEqual(config.workspace, { limit: 50, windowMs: 10 * MINUTE });
    assert.equal(config.maxConcurrent, 2);
    assert.equal(config.maxConnections, 0);
    assert.deepEqual(limitsFromEnv({ MAILHELP_LIMIT_USER: 'off' }).user.limit, 0);
    assert.deepEqual(limitsFromEnv({ MAILHELP_LIMIT_USER: '3/90s' }).user, { limit: 3, windowMs: 90_000 });
    assert.deepEqual(limitsFromEnv({ MAILHELP_LIMIT_USER: '3 / 500ms' }).user, { limit: 3, windowMs: 500 });
  });

  it('refuses values it cannot read, naming the variable', function () {
    const bad: Record<string, string>[] = [
      { MAILHELP_LIMIT_USER: 'ten' },
      { MAILHELP_LIMIT_USER: '10/10' },
      { MAILHELP_LIMIT_USER: '10/0m' },
      { MAILHELP_LIMIT_WORKSPACE: '-1' },
      { MAILHELP_MAX_CONCURRENT: '0' },
      { MAILHELP_MAX_CONCURRENT: '2.5' },
      { MAILHELP_MAX_CONNECTIONS: 'lots' },
    ];
    for (const env of bad) {
      const variable = Object.keys(env)[0]!;
      assert.throws(() => limitsFromEnv(env), (error: unknown) => error instanceof InvalidLimitConfigError && error.variable === variable, JSON.stringify(env));
    }
  });
});

describe('limits: admission (rate windows, then the queue)', function () {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers({ now: 0 })));
  afterEach(() => clock.restore());

  const config = { ...DEFAULT_LIMITS, user: { limit: 2, windowMs: 10 * MINUTE }, maxConcurrent: 1 };
  const alice = { user: 'U1', workspace: 'T1', platform: 'slack' };

  it('admits, queues with a place in line, and refuses over the user window', async function () {
    const limits = new DiagnosisLimits(config);
    const first = await limits.admit(alice);
    const second = await limits.admit({ ...alice, user: 'U2' });
    assert.ok(first.admitted && second.admitted);
    assert.equal(first.slot.position, 0);
    assert.equal(second.slot.position, 1);
    clock.tick(MINUTE);
    await limits.admit(alice);
    const third = await limits.admit(alice);
    assert.deepEqual(third, { admitted: false, reason: 'user', limit: 2, windowMs: 10 * MINUTE, retryAfterMs: 9 * MINUTE });
  });

  it('a full queue refuses without counting against the user', async function () {
    const limits = new DiagnosisLimits({ ...config, user: { limit: 1, windowMs: MINUTE }, maxQueued: 0 });
    assert.equal((await limits.admit({ user: 'U9', workspace: 'T1' })).admitted, true);
    assert.deepEqual(await limits.admit(alice), { admitted: false, reason: 'queue_full' });
    const u9 = await limits.admit({ user: 'U9', workspace: 'T1' });
    assert.equal(!u9.admitted && u9.reason, 'user');
  });

  it('after close() new diagnoses are refused as shutting down', async function () {
    const limits = new DiagnosisLimits(config);
    limits.close();
    assert.deepEqual(await limits.admit(alice), { admitted: false, reason: 'shutting_down' });
  });

  it('hands out a fresh connection budget per diagnosis', function () {
    const limits = new DiagnosisLimits({ ...config, maxConnections: 3 });
    const budget = limits.connectionBudget();
    assert.equal(budget.max, 3);
    assert.notEqual(limits.connectionBudget(), budget);
  });
});

describe('limits: connection cap per diagnosis', function () {
  it('counts connections and refuses the one over the cap', function () {
    const budget = new ConnectionBudget(2);
    assert.equal(budget.tryTake(), true);
    budget.take();
    assert.equal(budget.remaining, 0);
    assert.equal(budget.tryTake(), false);
    assert.throws(() => budget.take(), (error: unknown) => error instanceof ConnectionLimitError && error.max === 2);
    assert.equal(budget.taken, 2);
  });

  it('guard() keeps calls over the cap from ever reaching connect', async function () {
    const budget = new ConnectionBudget(3);
    const connect = sinon.fake.resolves('socket');
    const guarded = budget.guard(connect);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => guarded('127.0.0.1', n)));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    assert.equal(connect.callCount, 3);
    assert.ok((results[4] as PromiseRejectedResult).reason instanceof ConnectionLimitError);
  });

  it('0 means no cap', function () {
    const budget = new ConnectionBudget(0);
    for (let i = 0; i < 500; i++) budget.take();
    assert.equal(budget.remaining, Infinity);
  });
});

describe('limits: messages in every language', function () {
  const languages = ['en', 'de', 'es', 'fr', 'pt-BR', 'ja'];

  it('"you are number N" in English', function () {
    assert.match(busyMessage(translator('en'), 3), /you are number 3 in line/);
  });

  it('the user-window refusal says the limit and when to retry', function () {
    const text = refusalMessage(translator('en'), { admitted: false, reason: 'user', limit: 10, windowMs: 10 * MINUTE, retryAfterMs: 90_000 });
    assert.equal(text, 'You have started 10 checks in the last 10 minutes. Please try again in 2 minutes.');
    assert.equal(duration(translator('en'), 60_000), '1 minute');
    assert.equal(duration(translator('en'), 1), '1 second');
    assert.equal(duration(translator('en'), 42_500), '43 seconds');
  });

  for (const language of languages) {
    it(`${language}: every message is translated and filled in`, function () {
      const t = translator(language);
      const texts = [
        busyMessage(t, 7),
        refusalMessage(t, { admitted: false, reason: 'user', limit: 10, windowMs: 10 * MINUTE, retryAfterMs: 5 * MINUTE }),
        refusalMessage(t, { admitted: false, reason: 'workspace', limit: 200, windowMs: 10 * MINUTE, retryAfterMs: 30_000 }),
        refusalMessage(t, { admitted: false, reason: 'queue_full' }),
        refusalMessage(t, { admitted: false, reason: 'shutting_down' }),
      ];
      for (const text of texts) {
        assert.doesNotMatch(text, /\{\{|limits:|^busy$|^user$|^workspace$/, text);
      }
      assert.match(texts[0]!, /7/);
      assert.match(texts[1]!, /10/);
      assert.match(texts[2]!, /200/);
      if (language !== 'en') assert.notEqual(texts[0], busyMessage(translator('en'), 7));
    });
  }
});
