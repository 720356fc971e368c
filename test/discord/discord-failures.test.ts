import assert from 'node:assert/strict';
import { assertAnsweredOnceInTime } from './support/ack-checks';
import { has, type Harness, startHarness, textOf } from './support/bot-harness';
import { GatedEngine } from './support/gated-engine';

const CHANNEL_MESSAGES = /^\/channels\/\d+\/messages$/u;

/** What Discord itself does wrong or late: rate limits, expired tokens, reconnects, late answers. */
describe('discord: the platform\'s failures', function () {
  let h: Harness;
  const engine = new GatedEngine();

  before(async function () {
    h = await startHarness(engine.options);
  });
  afterEach(function () {
    h.fake.rest.clearOverrides();
    assert.equal(h.logs.error.callCount, 0, JSON.stringify(h.logs.error.args));
  });
  after(() => h.close());

  it('a 429 is waited out by @discordjs/rest and the message still arrives', async function () {
    const since = h.mark();
    const calls = h.fake.rest.calls.length;
    h.fake.rest.on('POST', CHANNEL_MESSAGES, () => [429, { message: 'You are being rate limited.', retry_after: 0.4, global: false }, { 'retry-after': '0.4', 'x-ratelimit-scope': 'user' }], 1);
    h.fake.slashCommand({ target: 'alice@acme.com' });
    const confirm = await h.message(has(/settings that should work for a(?:\\\*){3}@acme\.com/u), { since });
    const posts = h.fake.find('POST', CHANNEL_MESSAGES, calls);
    // The first channel post after the root (in the thread) is refused once, then goes through.
    assert.deepEqual(posts.map((c) => c.status).slice(0, 2), [429, 200]);
    assert.ok(posts[1]!.at - posts[0]!.at >= 350, 'the retry waited for Retry-After');
    h.press(confirm, /Cancel/u);
    await h.message(has(/Cancelled/u), { since });
    await h.bot.runner.settled();
    assertAnsweredOnceInTime(h.fake);
  });

  it('an interaction token that expired mid-diagnosis: progress and report go on in the thread', async function () {
    const since = h.mark();
    const calls = h.fake.rest.calls.length;
    h.fake.slashCommand({ target: 'imap.acme.com:993' });
    const progress = await h.message(has(/Checking imap\.acme\.com:993/u), { since });
    await engine.running();
    await h.fake.rest.waitFor('POST', /\/threads$/u, { since: calls });
    const thread = progress.channel_id;
    h.fake.expireTokens();
    engine.finish();
    const report = await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0, { since });
    assert.equal(report.channel_id, thread, 'the report is in the thread');
    // Under the neutral root the thread's messages are the bot's own channel messages: they are
    // edited with the channel API, which needs no interaction token.
    // The report took the progress message's place.
    assert.equal(report.id, progress.id, 'the progress message is edited into the report');
    assert.ok(h.fake.find('PATCH', new RegExp(`^/channels/${thread}/messages/${progress.id}$`, 'u'), calls).length > 0);
    await h.bot.runner.settled();
    // New interactions bring new tokens: the conversation goes on.
    const mark = h.mark();
    const done = h.press(report, /Close check/u);
    await h.message(has(/Glad I could help/u), { since: mark });
    assert.equal(done.callbackType, 4);
  });

  it('a gateway reconnect in the middle of a diagnosis: the report arrives and buttons work after the resume', async function () {
    const since = h.mark();
    h.fake.slashCommand({ target: 'imap.acme.com:993' });
    await h.message(has(/Checking imap\.acme\.com:993/u), { since });
    await engine.running();
    const resumes = h.fake.gateway.resumes.length;
    await h.fake.gateway.reconnect();
    assert.equal(h.fake.gateway.resumes.length, resumes + 1, 'discord.js resumed the session');
    engine.finish();
    const report = await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0, { since });
    assert.match(textOf(report), /certificate has expired/u);
    const mark = h.mark();
    h.press(report, /Close check/u);
    await h.message(has(/Glad I could help/u), { since: mark });
    await h.bot.runner.settled();
    assertAnsweredOnceInTime(h.fake);
  });

  it('an answer Discord refuses as too late (10062) is logged; the bot goes on with the next command', async function () {
    const since = h.mark();
    h.fake.state.interactionTtlMs = 0;
    const late = h.fake.slashCommand({ target: 'late@acme.com' });
    await h.fake.rest.waitFor('POST', new RegExp(`^/interactions/${late.id}/`, 'u'));
    h.fake.state.interactionTtlMs = 3000;
    await h.bot.runner.settled();
    assert.deepEqual(late.attempts.map(([, , status]) => status), [404]);
    assert.ok(h.logs.warn.args.some(([details]) => /10062/u.test(JSON.stringify(details))), 'the refusal is logged');
    h.fake.state.interactionTtlMs = 3000;
    h.fake.state.interactions.delete(late.id);
    h.fake.slashCommand({ target: 'ontime@acme.com' });
    await h.message(has(/settings that should work for o(?:\\\*){3}@acme\.com/u), { since });
    await h.bot.runner.settled();
    assertAnsweredOnceInTime(h.fake);
  });
});
