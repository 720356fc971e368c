import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { report } from '../conversation/support/fixtures';
import { assertAnsweredOnceInTime } from './support/ack-checks';
import { has, type Harness, startHarness, textOf } from './support/bot-harness';
import type { Json } from './support/fake-objects';

const FIXTURES = join(__dirname, '..', 'conversation', 'client-output', 'fixtures');

/**
 * Issue 14.2 and 14.5 in Discord. A modal cannot stay open to show an error, so a rejected form
 * is answered with what was wrong and a button that opens it again, filled in with what was
 * typed and saying what to correct. A multi-line paste into the answer box is one answer.
 */
describe('discord: forms checked on submit, pastes read whole', function () {
  let h: Harness;

  before(async function () {
    h = await startHarness({ diagnose: async () => report([], { incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'tls' } }) });
  });
  afterEach(function () {
    assertAnsweredOnceInTime(h.fake);
    assert.equal(h.logs.error.callCount, 0, JSON.stringify(h.logs.error.args));
  });
  after(() => h.close());

  /** Presses the button; resolves with the modal Discord was asked to show. */
  async function modalFrom(message: Json, label: RegExp): Promise<{ customId: string; json: string }> {
    const open = h.press(message, label);
    await h.fake.rest.waitFor('POST', new RegExp(`^/interactions/${open.id}/`, 'u'));
    assert.equal(open.callbackType, 9, 'a modal');
    return { customId: String(open.modal?.custom_id), json: JSON.stringify(open.modal) };
  }

  it('a wrong port: said at once, and the form opens again with what was typed and what to correct', async function () {
    const since = h.mark();
    h.fake.slashCommand({ target: 'alice@acme.com' });
    h.press(await h.message(has(/settings that should work/u), { since }), /enter mine/u);
    h.press(await h.message(has(/What isn't working/u), { since }), /^Receiving/u);
    const question = await h.message(has(/Which incoming server/u), { since });
    const first = await modalFrom(question, /form/iu);
    h.fake.modalSubmit(first.customId, { 'v:protocol': ['imap'], 'v:host': 'mail.acme.com', 'v:port': 'abc', 'v:security': ['tls'] }, { messageId: question.id as string });

    const told = await h.message(has(/abc isn't a port number/u), { since });
    assert.match(textOf(told), /What you typed is kept/u);
    const again = await h.message((m) => m.id !== question.id && has(/Which incoming server/u)(m), { since });
    const second = await modalFrom(again, /form/iu);
    assert.match(second.json, /"value":"mail\.acme\.com"/u, 'the host typed is filled in');
    assert.match(second.json, /"value":"abc"/u, 'the port typed is filled in, to be corrected');
    assert.match(second.json, /abc isn't a port number/u, 'the modal says what to correct');
    h.fake.modalSubmit(second.customId, { 'v:protocol': ['imap'], 'v:host': 'mail.acme.com', 'v:port': '993', 'v:security': ['tls'] }, { messageId: again.id as string });
    await h.message(has(/Got it: IMAP mail\.acme\.com, port 993, SSL\/TLS/u), { since });
    await h.bot.runner.settled();
  });

  it('a multi-line paste in a code block, through the answer box, is one answer', async function () {
    const since = h.mark();
    h.fake.slashCommand({ target: 'imap.acme.com:993' });
    const os = await h.message(has(/Which system is your mail app on/u), { since });
    const first = await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0, { since });
    h.press(os, /Linux/u);
    const command = await h.message(has(/Open a terminal and run this/u), { since });
    // Three tools' output: nc timing out on 993 and on 587, openssl refused (on 993 again).
    const ncTimeout = readFileSync(join(FIXTURES, 'nc-timeout.txt'), 'utf8');
    const paste = (ncTimeout + readFileSync(join(FIXTURES, 'openssl-refused.txt'), 'utf8') + ncTimeout.replace('port 993', 'port 587')).replace(/192\.0\.2\.1/gu, 'imap.acme.com');
    assert.ok(paste.trim().split('\n').length >= 3, 'the fixture is not a multi-line paste');
    const box = await modalFrom(command, /Type your answer/u);
    h.fake.modalSubmit(box.customId, { 'v:answer': `\`\`\`\n${paste.trim()}\n\`\`\`` }, { messageId: command.id as string });
    const clientReport = await h.message((m) => m.id !== first.id && ((m.embeds as unknown[] | undefined) ?? []).length > 0, { since });
    assert.match(textOf(clientReport), /the connection to imap\.acme\.com port 993 timed out/u);
    assert.match(textOf(clientReport), /imap\.acme\.com port 587 timed out/u);
    assert.equal(textOf(clientReport).match(/port 993 (?:timed out|was refused)/gu)?.length, 1, 'the refusal on 993 is the same cause: one finding');
    await h.bot.runner.settled();
    const said = h.fake.rest.calls.slice(0).map((c) => JSON.stringify(c.body ?? '')).join('\n');
    assert.doesNotMatch(said, /didn't get that|couldn't find the command's output/u);
  });
});
