import assert from 'node:assert/strict';
import { PermissionFlagsBits } from 'discord.js';
import { assertAnsweredOnceInTime } from './support/ack-checks';
import { has, type Harness, startHarness, textOf } from './support/bot-harness';
import { ALL_PERMISSIONS } from './support/fake-objects';
import { until } from '../support/until';

const EPHEMERAL = 64;
// Without Administrator too: an administrator bot may do everything, as Discord (and discord.js) see it.
const NO_THREADS = BigInt(ALL_PERMISSIONS) & ~PermissionFlagsBits.CreatePublicThreads & ~PermissionFlagsBits.Administrator;

/** Where a conversation lives: a thread when the bot may make one, otherwise the replies themselves. */
describe('discord: thread, DM and reply-only conversations', function () {
  let h: Harness;

  before(async function () {
    h = await startHarness();
  });
  afterEach(function () {
    h.fake.rest.clearOverrides();
    assertAnsweredOnceInTime(h.fake);
    assert.equal(h.logs.error.callCount, 0, JSON.stringify(h.logs.error.args));
  });
  after(() => h.close());

  it('in a text channel: a neutral root is public, the conversation happens in its thread, the address masked there', async function () {
    const since = h.mark();
    h.fake.slashCommand({ target: 'erin@acme.com' });
    const root = await h.message(has(/started a mail check\. It continues in the thread\./u), { since });
    const confirm = await h.message(has(/settings that should work for e(?:\\\*){3}@acme\.com/u), { since });
    assert.equal(root.channel_id, h.fake.ids.channelId);
    assert.equal(root.flags, 0);
    assert.doesNotMatch(textOf(root), /acme|erin/u, 'nothing personal in the channel');
    assert.equal(confirm.channel_id, root.id, 'the thread has the root\'s id');
    assert.equal(confirm.flags, 0);
    const thread = h.fake.threads().find((t) => t.id === root.id);
    assert.match(String(thread?.name), /^Mail check · acme\.com · \d\d:\d\d UTC$/u);
    const mark = h.mark();
    h.press(confirm, /Cancel/u);
    await h.message(has(/Cancelled\./u), { since: mark });
    await h.bot.runner.settled();
  });

  it('in a DM: plain replies, no thread, and nothing ephemeral (a DM is private)', async function () {
    const since = h.mark();
    const threadsBefore = h.fake.find('POST', /\/threads$/u).length;
    h.fake.slashCommand({ target: 'frank@acme.com', where: 'dm' });
    const confirm = await h.message(has(/settings that should work for frank@acme\.com/u), { since });
    assert.equal(confirm.channel_id, h.fake.ids.dmChannelId);
    assert.equal(confirm.flags, 0);
    h.press(confirm, /Yes, it uses these/u);
    const scope = await h.message(has(/receiving mail, sending mail, or both/u), { since });
    assert.equal(scope.channel_id, h.fake.ids.dmChannelId);
    const mark = h.mark();
    h.press(scope, /Cancel/u);
    await h.message(has(/Cancelled\./u), { since: mark });
    await h.bot.runner.settled();
    assert.equal(h.fake.find('POST', /\/threads$/u).length, threadsBefore);
  });

  it('without permission to create threads: every message is an ephemeral reply to the user', async function () {
    const since = h.mark();
    const threadsBefore = h.fake.find('POST', /\/threads$/u).length;
    h.fake.slashCommand({ target: 'gina@acme.com', appPermissions: NO_THREADS });
    const confirm = await h.message(has(/settings that should work for gina@acme\.com/u), { since });
    // "Looking up the settings…" came first; the question was written over it.
    const first = [...h.fake.state.messages.values()].slice(since)[0];
    assert.equal(first?.flags, EPHEMERAL);
    assert.equal(confirm.flags, EPHEMERAL);
    assert.equal(confirm.channel_id, h.fake.ids.channelId);
    h.press(confirm, /Yes, it uses these/u);
    const scope = await h.message(has(/receiving mail, sending mail, or both/u), { since });
    assert.equal(scope.flags, EPHEMERAL);
    const mark = h.mark();
    h.press(scope, /Cancel/u);
    await h.message(has(/Cancelled\./u), { since: mark });
    await h.bot.runner.settled();
    assert.equal(h.fake.find('POST', /\/threads$/u).length, threadsBefore, 'no thread was even tried');
    assert.equal(h.fake.find('POST', /^\/channels\/\d+\/messages$/u).filter((c) => c.path.includes(h.fake.ids.channelId)).length, 0, 'nothing public in the channel');
  });

  it('when Discord refuses the thread anyway (Missing Permissions), the conversation goes on in ephemeral replies', async function () {
    const since = h.mark();
    h.fake.rest.on('POST', /\/threads$/u, () => [403, { message: 'Missing Permissions', code: 50013 }]);
    h.fake.slashCommand({ target: 'hank@acme.com' });
    const first = await h.message(has(/started a mail check/u), { since });
    const confirm = await h.message(has(/settings that should work for hank@acme\.com/u), { since });
    assert.equal(first.flags, 0, 'the neutral root was already public');
    assert.equal(confirm.flags, EPHEMERAL);
    assert.equal(confirm.channel_id, h.fake.ids.channelId);
    assert.ok(h.logs.info.args.some(([, message]) => /no thread, continuing in replies/u.test(String(message))));
    const mark = h.mark();
    h.press(confirm, /Cancel/u);
    await h.message(has(/Cancelled\./u), { since: mark });
    await h.bot.runner.settled();
  });

  it('used inside a thread: ephemeral replies there, no thread in a thread', async function () {
    const since = h.mark();
    const thread = h.fake.addThread();
    // The gateway's THREAD_CREATE reaches discord.js's cache before the command uses the thread.
    await until(() => h.bot.client.channels.cache.has(thread), 'discord.js to know the new thread');
    h.fake.slashCommand({ target: 'ivy@acme.com', where: thread });
    const confirm = await h.message(has(/settings that should work for ivy@acme\.com/u), { since });
    assert.equal(confirm.channel_id, thread);
    assert.equal(confirm.flags, EPHEMERAL);
    const mark = h.mark();
    h.press(confirm, /Cancel/u);
    await h.message(has(/Cancelled\./u), { since: mark });
    await h.bot.runner.settled();
  });
});
