import assert from 'node:assert/strict';
import { translator } from '../../src/i18n/translator';
import { report } from '../conversation/support/fixtures';
import { assertAnsweredOnceInTime } from './support/ack-checks';
import { has, type Harness, startHarness, textOf } from './support/bot-harness';
import type { Json } from './support/fake-objects';

/**
 * Without the Message Content intent the bot cannot read the thread, so a question answered
 * in words gets a "Type your answer" button and a modal; the user's locale picks the language.
 */
describe('discord: answers in words, and the user\'s language', function () {
  let h: Harness;

  before(async function () {
    // Everything works from the bot's network: the conversation asks for the user's own test.
    h = await startHarness({ diagnose: async () => report([], { incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'tls' } }) });
  });
  afterEach(function () {
    assertAnsweredOnceInTime(h.fake);
    assert.equal(h.logs.error.callCount, 0, JSON.stringify(h.logs.error.args));
  });
  after(() => h.close());

  async function answer(question: Json, text: string): Promise<void> {
    const open = h.press(question, /Type your answer/u);
    await h.fake.rest.waitFor('POST', new RegExp(`^/interactions/${open.id}/`, 'u'));
    assert.equal(open.callbackType, 9);
    h.fake.modalSubmit(String(open.modal?.custom_id), { 'v:answer': text }, { messageId: question.id as string });
  }

  it('the start form takes anything; a wrong answer is explained and asked again with an answer button', async function () {
    const since = h.mark();
    h.fake.slashCommand();
    await h.fake.rest.waitFor('POST', /\/callback$/u, { since: h.fake.rest.calls.length - 1 });
    h.fake.modalSubmit('mh1:start', { 'v:target': 'hello there' }, { channelId: h.fake.ids.channelId });
    await h.message(has(/I don't know the command “?hello there/u), { since });
    const question = await h.message(has(/What's the email address of the account/u), { since });
    assert.deepEqual(h.fake.buttons(question.id as string).map((b) => b.label), ['Type your answer', 'Cancel']);
    const open = h.press(question, /Type your answer/u);
    await h.fake.rest.waitFor('POST', new RegExp(`^/interactions/${open.id}/`, 'u'));
    assert.match(JSON.stringify(open.modal), /For example: alice@example\.com/u, 'the hint is in the modal');
    h.fake.modalSubmit(String(open.modal?.custom_id), { 'v:answer': 'zoe@acme.com' }, { messageId: question.id as string });
    await h.message(has(/settings that should work for z(?:\\\*){3}@acme\.com/u), { since });
    await h.bot.runner.settled();
  });

  it('pasted command output goes through the answer box and becomes a finding about the user\'s side', async function () {
    const since = h.mark();
    h.fake.slashCommand({ target: 'imap.acme.com:993' });
    const os = await h.message(has(/Which system is your mail app on/u), { since });
    const reportMessage = await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0, { since });
    assert.match(textOf(reportMessage), /Every check passed from the bot's network/u);
    h.press(os, /Linux/u);
    const command = await h.message(has(/Open a terminal and run this/u), { since });
    assert.match(String(command.content), /```\n[^`]*imap\.acme\.com[^`]*\n```/u, 'the command is a code block');
    assert.deepEqual(h.fake.buttons(command.id as string).map((b) => b.label), ['Type your answer', 'Skip this']);
    await answer(command, 'nc: connectx to imap.acme.com port 993 (tcp) failed: Connection refused');
    const clientReport = await h.message((m) => m.id !== reportMessage.id && ((m.embeds as unknown[] | undefined) ?? []).length > 0, { since });
    assert.match(textOf(clientReport), /From your device, the connection to imap\.acme\.com port 993 was refused/u);
    await h.bot.runner.settled();
  });

  it('speaks the user\'s Discord language: German, Brazilian Portuguese, Japanese', async function () {
    for (const [locale, language] of [['de', 'de'], ['pt-BR', 'pt-BR'], ['ja', 'ja'], ['es-419', 'es']] as const) {
      const since = h.mark();
      h.fake.slashCommand({ target: `kim-${language}@acme.com`, locale });
      const looking = translator(language)('conversation:discovery.looking', { domain: 'acme.com' });
      const question = translator(language)('conversation:confirm.question');
      // "Looking up…" first, soon written over by the question.
      const first = await h.message((m) => textOf(m).includes(looking) || textOf(m).includes(question), { since });
      assert.notEqual(first.channel_id, h.fake.ids.channelId, 'in the thread, under a neutral root');
      await h.message((m) => textOf(m).includes(question), { since });
    }
    assert.ok(h.fake.threads().some((t) => /^Mail-Prüfung · acme\.com · \d\d:\d\d UTC$/u.test(String(t.name))), 'the thread name is German too');
    await h.bot.runner.settled();
  });
});
