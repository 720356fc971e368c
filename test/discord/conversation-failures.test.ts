import assert from 'node:assert/strict';
import { startDiscord } from '../../adapters/discord/start-discord';
import type { ConversationState } from '../../src/conversation/state';
import { DiagnosisLimits } from '../../src/policy/limits/diagnosis-limits';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { assertAnsweredOnceInTime } from './support/ack-checks';
import { has, type Harness, logSpy, QUICK_ENGINE, startHarness, textOf } from './support/bot-harness';
import { FakeDiscord } from './support/fake-discord';

const EPHEMERAL = 64;

/** Buttons nobody expects, a help desk the bot may not post to, a restart, a wrong token. */
describe('discord: odd clicks and missing permissions', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await startHarness();
  });
  afterEach(async function () {
    await h.close();
  });

  it('a button pressed after a restart, on a conversation that is gone, says so in its thread', async function () {
    h.fake.slashCommand({ target: 'alice@acme.com' });
    const confirm = await h.message(has(/settings that should work for a(?:\\\*){3}@acme\.com/u));
    await h.bot.runner.settled();
    // The process restarts with an empty memory store; the old buttons are still on screen.
    await h.bot.stop();
    const logs = logSpy();
    const restarted = await startDiscord({ token: h.fake.token, apiUrl: h.fake.apiUrl, restRetries: 0, logger: logs, ...QUICK_ENGINE });
    try {
      const mark = h.mark();
      const press = h.press(confirm, /Yes, it uses these/u);
      const ended = await h.message(has(/This conversation has ended\. Type \/mailhelp to start a new one\./u), { since: mark });
      assert.equal(ended.channel_id, confirm.channel_id, 'answered in the conversation\'s thread');
      assert.equal(press.callbackType, 4);
      await restarted.runner.settled();
      assert.equal(logs.error.callCount, 0, JSON.stringify(logs.error.args));
      assertAnsweredOnceInTime(h.fake);
    } finally {
      await restarted.stop();
    }
  });

  it('a conversation picked up after a restart (a store both processes share) edits its root naming the user', async function () {
    const store = new MemoryConversationStore<ConversationState>();
    const first = await startHarness({ store });
    let restarted: Awaited<ReturnType<typeof startDiscord>> | undefined;
    try {
      first.fake.slashCommand({ target: 'alice@acme.com' });
      const confirm = await first.message(has(/settings that should work for a(?:\\\*){3}@acme\.com/u));
      await first.bot.runner.settled();
      await first.bot.stop();
      // The new process knows only the clicked message's ids; the user comes from the store.
      restarted = await startDiscord({ token: first.fake.token, apiUrl: first.fake.apiUrl, restRetries: 0, logger: logSpy(), store, ...QUICK_ENGINE });
      first.press(confirm, /Cancel/u);
      await restarted.runner.settled();
      const root = (): string => textOf(first.fake.message(confirm.channel_id as string));
      await first.until(() => root().includes('Stopped'));
      assert.equal(root(), `🔎 Mail check by <@${first.fake.ids.userId}>: ⏹ Stopped: cancelled.`);
    } finally {
      await restarted?.stop();
      await first.close();
      await store.close();
    }
  });

  it('the help-desk channel refuses the bot (Missing Access): the user is told, nothing crashes', async function () {
    h.fake.rest.on('POST', new RegExp(`^/channels/${h.fake.ids.triageChannelId}/messages$`, 'u'), () => [403, { message: 'Missing Access', code: 50001 }]);
    h.fake.slashCommand({ target: 'imap.acme.com:993' });
    const report = await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0);
    const mark = h.mark();
    h.press(report, /Send to help desk/u);
    const failed = await h.message(has(/couldn't send this report to the help desk/u), { since: mark });
    assert.equal(failed.channel_id, report.channel_id);
    await h.bot.runner.settled();
    assert.equal(h.logs.error.callCount, 0, JSON.stringify(h.logs.error.args));
    assert.ok(h.logs.warn.args.some(([details]) => /50001/u.test(JSON.stringify(details))));
    assertAnsweredOnceInTime(h.fake);
  });

  it('a button that is not ours gets a private "doesn\'t belong to a conversation" answer', async function () {
    h.fake.slashCommand({ target: 'bob@acme.com' });
    const confirm = await h.message(has(/settings that should work for b(?:\\\*){3}@acme\.com/u));
    const mark = h.mark();
    const press = h.fake.button('some-other-bot:click', { messageId: confirm.id as string });
    const answer = await h.message(has(/doesn't belong to a conversation I know/u), { since: mark });
    assert.equal(answer.flags, EPHEMERAL);
    assert.equal(press.callbackType, 4);
    await h.bot.runner.settled();
    assertAnsweredOnceInTime(h.fake);
  });

  it('someone else pressing the buttons of a public thread gets a private note; nothing happens to the conversation', async function () {
    h.fake.slashCommand({ target: 'dana@acme.com' });
    const confirm = await h.message(has(/settings that should work for d(?:\\\*){3}@acme\.com/u));
    const mark = h.mark();
    const intruder = h.press(confirm, /Yes, it uses these/u, h.fake.otherUser);
    const note = await h.message(has(/This check belongs to <@\d+>\. Type \/mailhelp to start your own\./u), { since: mark });
    assert.equal(note.flags, EPHEMERAL);
    assert.equal(intruder.callbackType, 4);
    await h.bot.runner.settled();
    assert.equal(h.fake.messagesIn(String(confirm.channel_id)).filter((m) => /receiving mail, sending mail/u.test(textOf(m))).length, 0, 'the question was not answered');
    h.press(confirm, /Yes, it uses these/u);
    await h.message(has(/receiving mail, sending mail, or both/u), { since: mark });
    await h.bot.runner.settled();
    assertAnsweredOnceInTime(h.fake);
  });

  it('a cancelled conversation greys out its last question', async function () {
    h.fake.slashCommand({ target: 'carol@acme.com' });
    const confirm = await h.message(has(/settings that should work for c(?:\\\*){3}@acme\.com/u));
    const mark = h.mark();
    h.press(confirm, /Cancel/u);
    await h.message(has(/Cancelled\./u), { since: mark });
    await h.bot.runner.settled();
    const buttons = h.fake.buttons(confirm.id as string);
    assert.ok(buttons.every((b) => b.disabled));
    assert.match(textOf(confirm), /settings that should work/u, 'greying out keeps the text');
  });
});

describe('discord: the diagnosis limits', function () {
  it('a guild over its limit is told when to try again, privately, when /mailhelp is typed: no thread, nothing public', async function () {
    const limits = new DiagnosisLimits({ user: { limit: 10, windowMs: 600_000 }, workspace: { limit: 1, windowMs: 600_000 }, maxConcurrent: 1, maxConnections: 8 });
    const h = await startHarness({ limits });
    try {
      h.fake.slashCommand({ target: 'imap.acme.com:993' });
      await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0);
      const mark = h.mark();
      // A second check in the same guild: the guild's one diagnosis is used up.
      h.fake.slashCommand({ target: 'smtp.acme.com:587' });
      const refused = await h.message(has(/This workspace has started 1 check in the last 10 minutes\. Please try again in 10 minutes\./u), { since: mark });
      await h.bot.runner.settled();
      assert.equal(Number(refused.flags) & 64, 64, 'ephemeral');
      assert.equal(h.mark() - mark, 1, 'one message, the private refusal');
      assert.equal(h.fake.threads().length, 1, 'no thread for the refused check');
      assert.equal(h.logs.error.callCount, 0, JSON.stringify(h.logs.error.args));
      assertAnsweredOnceInTime(h.fake);
    } finally {
      await h.close();
    }
  });
});

describe('discord: start-up', function () {
  it('a wrong bot token makes startDiscord fail with TokenInvalid, not hang', async function () {
    const fake = await new FakeDiscord().start();
    try {
      await assert.rejects(startDiscord({ token: 'not-the-token', apiUrl: fake.apiUrl, restRetries: 0, logger: logSpy(), ...QUICK_ENGINE }), { code: 'TokenInvalid' });
    } finally {
      await fake.stop();
    }
  });

  it('logs one line when ready, and identifies with the Guilds intent only', async function () {
    const h = await startHarness();
    try {
      const ready = h.logs.info.args.filter(([, message]) => /ready/u.test(String(message)));
      assert.equal(ready.length, 1);
      assert.match(String(ready[0]?.[1]), /^discord: ready as mailhelp/u);
      assert.equal(h.fake.gateway.identifies[0]?.intents, 1);
    } finally {
      await h.close();
    }
  });
});
