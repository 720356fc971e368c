import assert from 'node:assert/strict';
import { slackOptionsFromEnv } from '../../adapters/slack/start-slack';
import { startFixtureBot } from './support/fixture-bot';
import { allText, type SlackHarness } from './support/slack-harness';

/** MAILHELP_CONVERSATION=dm: no check is visible in a channel; the conversation is a DM with the user. */
describe('slack adapter: MAILHELP_CONVERSATION=dm', function () {
  this.timeout(20_000);
  let h: SlackHarness;
  before(async () => {
    h = await startFixtureBot({ conversation: 'dm' });
  });
  after(() => h.stop());

  it('opens the conversation in a DM, tells the user privately where it went, and posts nothing in the channel', async () => {
    await h.command('alice@acme.com');
    const pointer = await h.fake.waitFor('response_url', (c) => /direct message/.test(allText(c.args)));
    assert.equal(pointer.args.response_type, 'ephemeral');
    // The address is not masked: only the user reads a DM.
    const confirm = await h.fake.waitForShown((c) => /should work for alice@acme\.com/.test(allText(c.args)));
    assert.equal(confirm.args.channel, 'DU0ALICE');
    await h.bot.runner.settled();
    assert.equal(h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0GENERAL').length, 0);
  });

  it('reads the setting from the environment and refuses a value it does not know', () => {
    const engine = { diagnose: async () => { throw new Error('unused'); }, discover: async () => { throw new Error('unused'); } };
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    assert.equal(slackOptionsFromEnv(env, engine).conversation, 'thread');
    assert.equal(slackOptionsFromEnv({ ...env, MAILHELP_CONVERSATION: 'DM' }, engine).conversation, 'dm');
    assert.throws(() => slackOptionsFromEnv({ ...env, MAILHELP_CONVERSATION: 'channel' }, engine), /MAILHELP_CONVERSATION: expected "thread" or "dm"/);
  });
});
