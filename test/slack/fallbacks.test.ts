import assert from 'node:assert/strict';
import { allText, type SlackHarness } from './support/slack-harness';
import { startFixtureBot } from './support/fixture-bot';

/**
 * Where the bot may not post a thread root (issue #7, item 2): the user is told privately through
 * the command's response_url, and the conversation continues in a DM thread with the bot.
 */
describe('slack adapter: channels the bot cannot post in', function () {
  this.timeout(20_000);
  let h: SlackHarness;

  before(async () => {
    h = await startFixtureBot();
  });
  after(() => h.stop());
  beforeEach(() => h.fake.reset());

  const cases = [
    { channel: 'C0PUBLIC', error: 'not_in_channel', says: /I'm not a member of this channel/ },
    { channel: 'G0PRIVATE', error: 'channel_not_found', says: /a private channel I'm not in, or a direct message between other people/ },
    { channel: 'C0ARCHIVED', error: 'is_archived', says: /This channel is archived/ },
  ];
  for (const { channel, error, says } of cases) {
    it(`${error}: an ephemeral note, then the conversation in a DM thread`, async () => {
      const ack = await h.command('', { channel });
      assert.equal(ack.status, 200);
      const note = await h.fake.waitFor('response_url');
      assert.equal(note.args.response_type, 'ephemeral');
      assert.match(note.args.text, says);
      assert.match(note.args.text, /continued in a direct message with you/);
      const refused = h.fake.callsTo('chat.postMessage')[0];
      assert.equal(refused?.args.channel, channel);
      assert.equal(refused?.answer.error, error);
      const opened = await h.fake.waitFor('conversations.open');
      assert.equal(opened.args.users, 'U0ALICE');
      const root = await h.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'DU0ALICE' && !c.args.thread_ts);
      const welcome = await h.waitForPost(/email address/);
      assert.equal(welcome.args.channel, 'DU0ALICE');
      assert.equal(welcome.args.thread_ts, root.answer.ts);
    });
  }

  it('when a DM cannot be opened either, says how to invite the bot, and nothing crashes', async () => {
    h.fake.on('conversations.open', () => ({ ok: false, error: 'cannot_dm_bot' }));
    await h.command('', { channel: 'C0PUBLIC' });
    const note = await h.fake.waitFor('response_url');
    assert.match(note.args.text, /Invite me with \/invite @mailhelp/);
    await h.bot.runner.settled();
    assert.equal(h.fake.callsTo('chat.postMessage').filter((c) => c.answer.ok).length, 0);
    // The bot still serves the next command.
    h.fake.reset();
    await h.command('');
    assert.match(allText((await h.waitForPost(/email address/)).args), /email address/);
  });
});
