import assert from 'node:assert/strict';
import { ENGINE_FAILURE as RAW, failingEngine } from '../conversation/support/fixtures';
import { startFixtureBot } from './support/fixture-bot';
import { allText, posted, type SlackHarness } from './support/slack-harness';
import { slackTranscript } from './support/transcript';

/** The engine throws (issue 20.6): the thread hears whose problem it is in plain words, the admin's log gets the error. */
describe('slack adapter: an engine error', function () {
  this.timeout(20_000);
  let h: SlackHarness;

  before(async () => {
    h = await startFixtureBot({
      diagnose: failingEngine,
    });
  });
  after(() => h.stop());

  it('says "a problem on the bot\'s side", marks the progress stopped and logs the error, which no chat message shows', async () => {
    await h.command('alice@acme.com');
    await h.click(posted(await h.waitForButton('mailhelp_choice:expected')), 'mailhelp_choice:expected');
    await h.click(posted(await h.waitForButton('mailhelp_choice:incoming')), 'mailhelp_choice:incoming');
    await h.click(posted(await h.waitForButton('mailhelp_choice:skip_login')), 'mailhelp_choice:skip_login');
    await h.waitForPost(/a problem on the bot's side, not on your mail server\. Please try again in a minute\./);
    await h.bot.runner.settled();

    const progress = await h.waitForPost(/Checking/);
    await h.fake.waitFor('chat.update', (c) => c.args.ts === progress.answer.ts && /⏹ Stopped: a problem on the bot's side\./u.test(allText(c.args.blocks)));
    const root = await h.fake.waitFor('chat.update', (c) => c.args.ts === progress.args.thread_ts);
    assert.equal(root.args.text, "Mail check by <@U0ALICE>: ⏹ Stopped: a problem on the bot's side.");
    const lines = slackTranscript(h.fake.calls);
    assert.ok(!lines.some((l) => /⏳/u.test(l.text)), 'a message still says it is checking');
    assert.ok(!JSON.stringify(h.fake.calls.map((c) => c.args)).includes('EAI_AGAIN'), 'the raw error reached Slack');
    const logged = h.logs.map((l) => JSON.parse(l) as { msg: string; err?: { message?: string } }).find((l) => l.msg === 'diagnosis failed');
    assert.equal(logged?.err?.message, RAW);
  });
});
