import assert from 'node:assert/strict';
import { diagnose } from '../../src/diagnosis/diagnose';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';
import { type EngineHarness, startHarness as startEngine, TEST_TIMEOUT_MS } from '../diagnosis/harness';
import { mailZone, Servers } from '../diagnosis/servers';
import { assertAnsweredOnceInTime } from './support/ack-checks';
import { has, type Harness, startHarness, textOf } from './support/bot-harness';
import { restCallSummary } from './support/call-summary';
import { discordTranscript, formatDiscordTranscript } from './support/transcript';

const EMAIL = 'alice@mail.test';
const PASSWORD = 'Corr3ct-horse-staple!';

/**
 * The whole conversation in Discord, the real discord.js against the fake Discord, the real
 * engine against an in-process IMAPS server that rejects the password: from a bare
 * /mailhelp (its first response is the address form) to the report with the right cause,
 * sent to the help desk.
 */
describe('discord: a full conversation against an in-process mail server', function () {
  let engine: EngineHarness;
  const servers = new Servers();
  let h: Harness;
  let port: number;

  before(async function () {
    engine = await startEngine(mailZone());
    port = await servers.imap({ tls: engine.pki.issue({ commonName: 'imap.mail.test' }), login: () => 'NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)' });
    const discovery: DiscoveryResult = {
      email: EMAIL,
      domain: 'mail.test',
      incoming: [{ settings: { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' }, sources: ['autoconfig'], origin: 'autoconfig.mail.test' }],
      outgoing: [],
      conflicts: [],
      durationMs: 3,
    };
    h = await startHarness({
      discover: async () => discovery,
      diagnose,
      diagnoseOptions: {
        dnsServers: [engine.dns.server],
        authoritativeDnsPort: engine.dns.port,
        allowNets: ['127.0.0.0/8'],
        allowPorts: [port],
        ca: engine.pki.trusted,
        timeoutMs: TEST_TIMEOUT_MS,
      },
    });
  });

  after(async function () {
    await h?.close();
    await servers.closeAll();
    await engine?.close();
  });

  it('goes from /mailhelp to a report with auth.invalid_credentials, in a thread, and to the help desk', async function () {
    const { fake } = h;
    // Guilds only: no privileged intent, no message events at all.
    assert.equal(fake.gateway.identifies[0]?.intents, 1);

    const command = fake.slashCommand();
    await fake.rest.waitFor('POST', /^\/interactions\/\d+\/[^/]+\/callback$/u);
    assert.equal(command.callbackType, 9, 'a bare /mailhelp answers with the address form');
    assert.equal(command.modal?.custom_id, 'mh1:start');

    const submit = fake.modalSubmit('mh1:start', { 'v:target': EMAIL }, { channelId: fake.ids.channelId });
    await h.until(() => submit.callbackType !== undefined);
    assert.equal(submit.callbackType, 4);
    await fake.rest.waitFor('POST', /\/threads$/u);
    const [thread] = fake.threads();
    // The channel sees a neutral root; everything else is in its thread.
    const root = fake.message(thread?.id as string);
    assert.equal(root.channel_id, fake.ids.channelId);
    assert.match(textOf(root), new RegExp(`<@${fake.ids.userId}> started a mail check\\. It continues in the thread\\.`, 'u'));
    assert.match(String(thread?.name), /^Mail check · mail\.test · \d\d:\d\d UTC$/u);

    // "Looking up the settings…" becomes the question, in place: the thread's first message.
    const confirm = await h.message(has(/These are the settings that should work/u));
    assert.equal(confirm.channel_id, thread?.id);
    assert.equal(fake.messagesIn(thread?.id as string)[0]?.id, confirm.id);
    assert.ok(fake.rest.calls.some((c) => c.method === 'POST' && /Looking up the settings for mail\.test/u.test(JSON.stringify(c.body))), 'it said "Looking up" first');
    assert.match(textOf(confirm), new RegExp(`imap\\.mail\\.test, port ${port}, SSL/TLS`, 'u'));
    h.press(confirm, /Yes, it uses these/u);
    h.press(await h.message(has(/receiving mail, sending mail, or both/u)), /Receiving/u);
    const offer = await h.message(has(/also test signing in/u));
    const login = h.press(offer, /Yes, test sign-in/u);
    await fake.rest.waitFor('POST', new RegExp(`^/interactions/${login.id}/`, 'u'));
    assert.equal(login.callbackType, 9, 'the login form is the button\'s first response');
    const loginModal = JSON.stringify(login.modal);
    assert.match(loginModal, /This form can't hide what you type/u);
    assert.match(loginModal, /"custom_id":"s:password"/u);
    assert.match(loginModal, /"value":"alice@mail\.test"/u);

    fake.modalSubmit(String(login.modal?.custom_id), { 'v:user': EMAIL, 's:password': PASSWORD }, { messageId: offer.id as string });
    const reportMessage = await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0, { timeoutMs: 15_000 });
    const report = textOf(reportMessage);
    assert.match(report, /✗ User name or password rejected/u);
    // The thread is read by the server's members: the user's address is masked there.
    // The evidence is the embed's footer, plain text: no markdown escapes there.
    assert.match(report, /login as a\*{3}@mail\.test rejected: "NO \[AUTHENTICATIONFAILED\] Invalid credentials \(Failure\)"/u);
    // The report took the progress message's place (it said "Checking imap.mail.test…" first).
    assert.ok(fake.rest.calls.some((c) => c.method === 'POST' && /Checking imap\.mail\.test/u.test(JSON.stringify(c.body))), 'a progress message was shown');
    assert.ok(!fake.messagesIn(thread?.id as string).some((m) => /Checking|Finished \d+ checks/u.test(textOf(m))), 'the progress stayed beside the report');
    // The answered question's buttons are greyed out, the pressed one marked (style 3, green).
    await h.until(() => fake.buttons(offer.id as string).every((b) => b.disabled));
    assert.deepEqual(
      ((fake.message(offer.id as string).components as { components: { style: number }[] }[])[0]?.components ?? []).map((c) => c.style),
      [3, 2, 4],
    );

    // The channel's root now tells the outcome (issue 20.3), still naming no address or domain.
    await h.until(() => /✗ Incoming: User name or password rejected — the fix is in the thread\./u.test(textOf(fake.message(thread?.id as string))));
    assert.equal(textOf(fake.message(thread?.id as string)), `🔎 Mail check by <@${fake.ids.userId}>: ✗ Incoming: User name or password rejected — the fix is in the thread.`);
    // Show details: for the user alone (flag 64).
    const details = h.press(reportMessage, /Show details/u);
    await fake.rest.waitFor('POST', new RegExp(`^/interactions/${details.id}/`, 'u'));
    h.press(reportMessage, /Send to help desk/u);
    const escalated = await h.message((m) => m.channel_id === fake.ids.triageChannelId);
    assert.match(String(escalated.content), new RegExp(`<@${fake.ids.userId}> asks the help desk`, 'u'));
    assert.match(textOf(escalated), /User name or password rejected/u);
    // A summary with a link to the thread, not a copy of the report.
    const link = `https://discord.com/channels/${fake.ids.guildId}/${thread?.id}`;
    assert.equal((escalated.embeds as { url?: string }[])[0]?.url, link);
    assert.match(JSON.stringify(escalated.components), new RegExp(link.replace(/[/.]/gu, '\\$&'), 'u'));
    assert.equal(fake.messagesIn(fake.ids.triageChannelId).length, 1);
    assert.doesNotMatch(textOf(escalated), /How to fix it/u);
    await h.message(has(/sent this report to the help desk/u));
    // The report's buttons stay usable after "send to help desk": the conversation is still there.
    h.press(reportMessage, /Close check/u);
    await h.message(has(/Glad I could help/u));
    await h.bot.runner.settled();
    await h.until(() => fake.buttons(reportMessage.id as string).every((b) => b.disabled));
    assert.deepEqual(
      fake.buttons(reportMessage.id as string).map((b) => [b.label, b.disabled]),
      [["I've changed it — check again", true], ['Check another account', true], ['Send to help desk', true], ['Show details', true], ['Close check', true]],
    );

    const lines = discordTranscript(fake);
    for (const line of lines.filter((l) => l.public && l.place !== 'triage')) assert.ok(!line.text.includes(EMAIL), line.text);
    // What is public and what is private (issue 20): the forms and the details for the user alone.
    assert.deepEqual(
      lines.map((l) => `${l.place} ${l.public ? 'public' : 'private'}`).filter((l) => l !== 'thread private'),
      ['modal private', 'channel public', ...Array(3).fill('thread public'), 'modal private', 'thread public', 'triage public'],
      formatDiscordTranscript(lines),
    );
    // The details, "sent to the help desk" and the goodbye concern the user alone (flag 64).
    for (const said of [/Details/u, /sent this report to the help desk/u, /Glad I could help/u]) {
      assert.ok(lines.some((l) => l.place === 'thread' && !l.public && said.test(l.text)), `${String(said)}, privately:\n${formatDiscordTranscript(lines)}`);
    }
    // Fewer messages (issue 20.7): the code before posted 8 into the thread; the report is the last public one.
    const inThread = lines.filter((l) => l.place === 'thread' && l.public);
    assert.ok(inThread.length <= 4, `${inThread.length} messages in the thread:\n${formatDiscordTranscript(lines)}`);
    const everything = JSON.stringify(fake.rest.calls.map((c) => c.body));
    assert.ok(!everything.includes(PASSWORD), 'the password is never sent to Discord');
    assert.ok(!JSON.stringify([h.logs.info.args, h.logs.warn.args, h.logs.error.args, h.logs.debug.args]).includes(PASSWORD), 'nor logged');
    assertAnsweredOnceInTime(fake);
    assert.equal(h.logs.error.callCount, 0, `errors: ${JSON.stringify(h.logs.error.args)}`);
    if (process.env.DISCORD_PRINT_CALLS) console.log(restCallSummary(fake).join('\n'));
    if (process.env.PRINT_TRANSCRIPT) console.log(formatDiscordTranscript(discordTranscript(fake), 400));
  });
});
