import assert from 'node:assert/strict';
import { formBody, postSigned, slashCommandFields } from './support/slack-requests';
import { allText, BOB, posted, SIGNING_SECRET, type SlackHarness } from './support/slack-harness';
import { startFixtureBot } from './support/fixture-bot';
import { skipBecause } from '../support/skip';

/** Opens the login modal of a fresh conversation: address given, Acme's settings, receiving, login. */
async function reachLoginForm(h: SlackHarness): Promise<{ thread: { channel: string; thread: string } }> {
  await h.command('alice@acme.com');
  const root = await h.waitForPost(/started a mail check/);
  await h.click(posted(await h.waitForButton('mailhelp_choice:expected')), 'mailhelp_choice:expected');
  await h.click(posted(await h.waitForButton('mailhelp_choice:incoming')), 'mailhelp_choice:incoming');
  await h.click(posted(await h.waitForButton('mailhelp_choice:login')), 'mailhelp_choice:login');
  return { thread: { channel: root.args.channel, thread: root.answer.ts } };
}

/** Slack's failures (issue #7, item 7): each gets a clear message, nothing crashes. */
describe('slack adapter: Slack failures', function () {
  this.timeout(20_000);
  let h: SlackHarness;

  before(async () => {
    // A short retry policy, so the 429 test retries quickly; everything else answers at once.
    h = await startFixtureBot({ retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 } });
  });
  after(() => h.stop());
  beforeEach(() => h.fake.reset());
  afterEach(() => h.bot.runner.settled());

  it('a 429 is retried by the Web API client after Retry-After, and the conversation goes on', async () => {
    h.fake.on('chat.postMessage', (_args, call) => (call === 1 ? [429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' }] : undefined));
    await h.command('');
    await h.waitForPost(/email address/, 10_000);
    const roots = h.fake.callsTo('chat.postMessage').slice(0, 2);
    assert.deepEqual(
      roots.map((c) => c.answer.ok ?? false),
      [false, true],
    );
    assert.ok(roots[1]!.at - roots[0]!.at >= 900, 'the retry waited for Retry-After');
  });

  it('an expired trigger id: the thread gets a button that opens the form with a fresh one', async () => {
    h.fake.on('views.open', (_args, call) => (call === 1 ? { ok: false, error: 'expired_trigger_id' } : undefined));
    await reachLoginForm(h);
    const retry = await h.waitForButton('mailhelp_open_form');
    assert.match(allText(retry.args), /The form took too long to open \(Slack allows 3 seconds\)/);
    await h.click(posted(retry), 'mailhelp_open_form');
    const opened = await h.fake.waitFor('views.open', (c) => c.answer.ok === true);
    assert.equal(opened.args.view.callback_id, 'mailhelp_form');
  });

  it('a typed answer that opens a form (no trigger id) gets the "open the form" button', async () => {
    await h.command('alice@acme.com');
    const root = await h.waitForPost(/started a mail check/);
    await h.click(posted(await h.waitForButton('mailhelp_choice:own')), 'mailhelp_choice:own');
    await h.click(posted(await h.waitForButton('mailhelp_choice:incoming')), 'mailhelp_choice:incoming');
    await h.waitForButton('mailhelp_choice:form');
    await h.reply({ channel: root.args.channel, thread: root.answer.ts }, 'form');
    const button = await h.waitForButton('mailhelp_open_form');
    assert.match(allText(button.args), /Press the button to open the form/);
    await h.click(posted(button), 'mailhelp_open_form');
    const opened = await h.fake.waitFor('views.open');
    assert.deepEqual(
      opened.args.view.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.element.action_id),
      ['protocol', 'host', 'port', 'security'],
    );
  });

  it('a modal submitted after the conversation ended is answered in the modal', async () => {
    const { thread } = await reachLoginForm(h);
    const opened = await h.fake.waitFor('views.open');
    await h.reply(thread, 'cancel');
    await h.waitForPost(/Cancelled/);
    const ack = await h.submit(opened, { user: 'alice@acme.com', password: 'whatever-123' });
    assert.equal(ack.status, 200);
    const answer = JSON.parse(ack.body);
    assert.equal(answer.response_action, 'update');
    assert.match(allText(answer.view), /This check has ended/);
  });

  it('requests with a bad signature or an old timestamp are refused (401) and nothing runs', async function () {
    if (h.mode !== 'http') skipBecause(this, 'request signatures exist only in HTTP mode; this bot runs Socket Mode');
    const body = formBody(slashCommandFields({ text: '', channel: 'C0GENERAL', user: 'U0ALICE', triggerId: 't', responseUrl: h.fake.responseUrl() }));
    const forged = await postSigned(h.eventsUrl, body, 'application/x-www-form-urlencoded', SIGNING_SECRET, { secret: 'not-the-secret' });
    const stale = await postSigned(h.eventsUrl, body, 'application/x-www-form-urlencoded', SIGNING_SECRET, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    assert.equal(forged.status, 401);
    assert.equal(stale.status, 401);
    // A signed command after them is answered: by then a forged one that ran would have started its own thread too.
    await h.command('');
    await h.waitForButton('mailhelp_choice:cancel');
    await h.bot.runner.settled();
    const roots = h.fake.callsTo('chat.postMessage').filter((c) => !c.args.thread_ts);
    assert.equal(roots.length, 1, `threads started: ${roots.map((c) => c.args.text).join(' | ')}`);
  });

  it("another person's clicks get a private note; their thread replies, the bot's own messages and edits are ignored", async () => {
    await h.command('');
    const root = await h.waitForPost(/started a mail check/);
    const thread = { channel: root.args.channel, thread: root.answer.ts };
    const askEmail = await h.waitForButton('mailhelp_choice:cancel');
    await h.click(posted(askEmail), 'mailhelp_choice:cancel', { user: BOB });
    const note = await h.fake.waitFor('chat.postEphemeral');
    assert.equal(note.args.user, BOB);
    assert.match(note.args.text, /Only <@U0ALICE> can answer in this check/);
    const before = h.fake.callsTo('chat.postMessage').length;
    await h.reply(thread, 'bob@acme.com', { user: BOB });
    await h.reply(thread, 'alice@acme.com', { user: 'U0BOT' });
    await h.event({
      type: 'event_callback',
      team_id: 'T0FAKE',
      api_app_id: 'A0APP',
      event_id: 'Ev0EDIT',
      event_time: 1,
      event: { type: 'message', subtype: 'message_changed', channel: thread.channel, ts: '1.2', thread_ts: thread.thread, message: { text: 'alice@acme.com', user: 'U0ALICE' } },
    });
    // The owner's own reply still works, and is the first thing answered since: none of the
    // replies above was taken as an answer (bob@acme.com would also start "Looking up…").
    await h.reply(thread, 'alice@acme.com');
    await h.waitForPost(/Looking up the settings for acme\.com/);
    await h.bot.runner.settled();
    const since = h.fake.callsTo('chat.postMessage').slice(before);
    assert.match(allText(since[0]!.args), /Looking up the settings for acme\.com/);
    assert.equal(since.filter((c) => /Looking up the settings/.test(allText(c.args))).length, 1);
  });

  it('a button on a conversation that is over is answered, not crashed on', async () => {
    await h.command('');
    const askEmail = await h.waitForButton('mailhelp_choice:cancel');
    await h.click(posted(askEmail), 'mailhelp_choice:cancel');
    await h.waitForPost(/Cancelled/);
    await h.click(posted(askEmail), 'mailhelp_choice:cancel');
    await h.waitForPost(/no longer|has ended|not running|over/i);
  });

  it('a help-desk channel the bot may not post in: the user hears why, in the thread', async () => {
    h.fake.on('chat.postMessage', (args) => (args.channel === 'C0TRIAGE' ? { ok: false, error: 'not_in_channel' } : undefined));
    await h.command('imap.acme.com:993');
    const report = await h.waitForButton('mailhelp_choice:helpdesk');
    await h.click(posted(report), 'mailhelp_choice:helpdesk');
    // For the user alone, as "sent" is: only they asked.
    const told = await h.fake.waitFor('chat.postEphemeral', (c) => /couldn't send this report to the help desk/.test(c.args.text ?? ''));
    assert.equal(told.args.thread_ts, report.args.thread_ts);
    assert.equal(told.args.user, 'U0ALICE');
  });

  it('a Web API error in the middle of a conversation is logged; the bot keeps serving', async () => {
    h.fake.on('chat.postMessage', (args) => (args.thread_ts ? { ok: false, error: 'channel_not_found' } : undefined));
    await h.command('');
    await h.fake.waitFor('chat.postMessage', (c) => c.args.thread_ts !== undefined);
    await h.bot.runner.settled();
    h.fake.reset();
    await h.command('');
    await h.waitForPost(/email address/);
    assert.ok(h.logs.some((line) => line.includes('effect failed')));
  });
});
