import assert from 'node:assert/strict';
import { has, type Harness, startHarness } from './support/bot-harness';
import { discordTranscript } from './support/transcript';

/** MAILHELP_CONVERSATION=dm on Discord: a private pointer where /mailhelp was used, the conversation in a DM. */
describe('discord: MAILHELP_CONVERSATION=dm', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness({ conversation: 'dm' });
  });
  after(() => h?.close());

  it('answers the command privately, goes on in a DM, makes no thread and posts nothing public', async () => {
    const since = h.mark();
    const command = h.fake.slashCommand({ target: 'alice@acme.com' });
    const confirm = await h.message(has(/settings that should work for alice@acme\.com/u), { since });
    assert.equal(confirm.channel_id, h.fake.ids.dmChannelId);
    const pointer = h.fake.message(h.fake.interaction(command.id).originalMessageId as string);
    assert.match(String(pointer.content), /direct message/u);
    assert.equal(Number(pointer.flags) & 64, 64);
    h.press(confirm, /Cancel/u);
    await h.message(has(/Cancelled/u), { since });
    await h.bot.runner.settled();
    assert.equal(h.fake.threads().length, 0);
    const lines = discordTranscript(h.fake).slice(since);
    assert.ok(lines.every((l) => !l.public), JSON.stringify(lines));
  });
});
