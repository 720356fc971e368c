import assert from 'node:assert/strict';
import sinon from 'sinon';
import { assertAnsweredOnceInTime } from './support/ack-checks';
import { has, type Harness, startHarness, textOf } from './support/bot-harness';
import { SlowStore } from './support/slow-store';

const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/u;

/**
 * Discord takes exactly one first response per interaction, within 3 s. The fake enforces
 * both (404 10062 after 3 s, 400 40060 on a second answer); these tests make the conversation
 * slow, fast and concurrent, and check every interaction of every test. A slow conversation is
 * a store read that waits on sinon's clock: the test moves the clock past the deadline instead
 * of waiting 3 s (real time still passes too, so the sockets and polls go on as usual).
 */
describe('discord: every interaction is answered once, within 3 s', function () {
  let h: Harness;
  let clock: sinon.SinonFakeTimers | undefined;
  const store = new SlowStore();
  /** Timers and Date on sinon's clock from here; the bot's and the fake Discord's alike. */
  const fakeClock = (): sinon.SinonFakeTimers => (clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true, shouldClearNativeTimers: true }));
  /** Starts a slow store read and, once the conversation waits on it, moves the clock past it. */
  const slowConversation = async (ms: number, start: () => void): Promise<void> => {
    const waiting = store.slowDown(ms);
    start();
    await waiting;
    await clock!.tickAsync(ms);
  };

  before(async function () {
    h = await startHarness({ store });
  });
  afterEach(function () {
    clock?.restore();
    clock = undefined;
    void store.slowDown(0, 0);
    assertAnsweredOnceInTime(h.fake);
    assert.equal(h.logs.error.callCount, 0, JSON.stringify(h.logs.error.args));
  });
  after(() => h.close());

  it('a conversation slower than 3 s is deferred in time, and its first message replaces "thinking…"', async function () {
    const since = h.mark();
    fakeClock();
    let command!: ReturnType<Harness['fake']['slashCommand']>;
    await slowConversation(2600, () => (command = h.fake.slashCommand({ target: 'alice@acme.com' })));
    // "Looking up the settings…" is soon written over by the question: either is the first message.
    const looking = await h.message(has(/Looking up the settings for acme\.com|These are the settings that should work/u), { since });
    assert.deepEqual(
      command.attempts.map(([type, , status]) => [type, status]),
      [[5, 204]],
    );
    const [[, ms]] = command.attempts as [[number, number, number]];
    assert.ok(ms >= 1900 && ms < 3000, `deferred after ${ms} ms`);
    assert.ok(h.fake.find('PATCH', /\/messages\/@original$/u).length >= 1, 'the deferred reply is filled in');
    await h.fake.rest.waitFor('POST', /\/threads$/u);
    const root = h.fake.message(h.fake.threads().at(-1)?.id as string);
    assert.match(textOf(root), /started a mail check/u, 'the thread starts from the deferred reply, the neutral root');
    assert.equal(looking.channel_id, root.id, 'the conversation is in the thread');
    await h.message(has(/These are the settings that should work for a(?:\\\*){3}@acme\.com/u), { since });
    await h.bot.runner.settled();
  });

  it('a slow button is acknowledged with a deferred update, and the answer follows', async function () {
    const since = h.mark();
    h.fake.slashCommand({ target: 'bob@acme.com' });
    const confirm = await h.message(has(/settings that should work for b(?:\\\*){3}@acme\.com/u), { since });
    fakeClock();
    let press!: ReturnType<Harness['press']>;
    await slowConversation(2600, () => (press = h.press(confirm, /Yes, it uses these/u)));
    const scope = await h.message((m) => has(/receiving mail, sending mail, or both/u)(m) && m.channel_id === confirm.channel_id, { since });
    assert.deepEqual(
      press.attempts.map(([type]) => type),
      [6],
    );
    assert.ok(scope);
    await h.bot.runner.settled();
  });

  it('a form after a deferral comes as a button that opens it (Discord allows no modal after a defer)', async function () {
    const since = h.mark();
    h.fake.slashCommand({ target: 'carol@acme.com' });
    h.press(await h.message(has(/settings that should work for c(?:\\\*){3}@acme\.com/u), { since }), /Yes, it uses these/u);
    const scope = await h.message(has(/receiving mail, sending mail, or both/u), { since });
    h.press(scope, /Receiving/u);
    const offer = await h.message(has(/also test signing in/u), { since });
    fakeClock();
    let late!: ReturnType<Harness['press']>;
    await slowConversation(2600, () => (late = h.press(offer, /Yes, test sign-in/u)));
    const opener = await h.message((m) => h.fake.buttons(m.id as string).some((b) => /Open the form: Test sign-in/u.test(b.label)), { since });
    assert.deepEqual(
      late.attempts.map(([type]) => type),
      [6],
    );
    const open = h.press(opener, /Open the form/u);
    await h.fake.rest.waitFor('POST', new RegExp(`^/interactions/${open.id}/`, 'u'));
    assert.equal(open.callbackType, 9, 'the second press gets the modal');
    assert.match(textOf(opener), /Test sign-in/u);
    await h.bot.runner.settled();
  });

  it('a double click answers both presses once; the second is told it came too late', async function () {
    const since = h.mark();
    h.fake.slashCommand({ target: 'dave@acme.com' });
    const confirm = await h.message(has(/settings that should work for d(?:\\\*){3}@acme\.com/u), { since });
    const first = h.press(confirm, /Yes, it uses these/u);
    const second = h.press(confirm, /I don't know/u);
    await h.message(has(/That button belongs to an earlier question/u), { since });
    await h.bot.runner.settled();
    assert.equal(first.callbackType, 4);
    assert.ok(second.callbackType === 4 || second.callbackType === 6);
  });

  it('twenty commands at once are all answered in time', async function () {
    const since = h.fake.rest.calls.length;
    const commands = Array.from({ length: 20 }, (_, i) => h.fake.slashCommand({ target: `user${i}@acme.com` }));
    await Promise.all(commands.map((c) => h.fake.rest.waitFor('POST', new RegExp(`^/interactions/${c.id}/`, 'u'), { since })));
    // Twenty confirmations, one per conversation (the address is masked in threads: u***@acme.com).
    const confirmation = (m: Record<string, unknown>): boolean => /settings that should work for u(?:\\\*){3}@acme\.com/u.test(textOf(m));
    await h.until(() => [...h.fake.state.messages.values()].filter(confirmation).length >= 20, 10_000);
    await h.bot.runner.settled();
    assert.equal(h.fake.find('POST', CALLBACK, since).length, 20);
  });
});
