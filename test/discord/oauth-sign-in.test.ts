import assert from 'node:assert/strict';
import { ALICE, startOAuthMailbox, type OAuthMailbox } from '../oauth/conversation-fixture';
import { useTestProvider } from '../oauth/support';
import { assertNoSecret } from '../oauth/token-forms';
import { instruments } from '../security/support/instruments';
import { has, type Harness, startHarness, textOf } from './support/bot-harness';

const EPHEMERAL = 64;

/**
 * The OAuth sign-in test through the real discord.js bot and the fake Discord: the device code
 * is only ever in an ephemeral reply (flag 64) to the user who asked; the user (played by the
 * test on the real provider's pages) signs in and the real engine logs in with the token. The
 * token and the code reach no other message, no REST call, no log line and no stored state.
 */
describe('discord: the OAuth sign-in test (device code, ephemeral)', function () {
  this.timeout(60_000);
  const fixture = useTestProvider({ interval: 1 });
  let mailbox: OAuthMailbox;
  let h: Harness;
  // The project's pino logger at trace into memory, a store keeping every state, the engine's reports.
  const { logs, logger, store, reports, engine } = instruments();

  before(async () => {
    mailbox = await startOAuthMailbox(fixture());
    h = await startHarness({
      discover: async () => mailbox.discovery,
      diagnose: engine,
      diagnoseOptions: mailbox.diagnoseOptions,
      store,
      logger,
      signIn: { config: mailbox.config, ca: fixture().pki.trusted, timeoutMs: 5000 },
    });
  });
  after(async () => {
    await h?.close();
    await mailbox?.close();
  });

  it('shows the code only in an ephemeral reply, and the report after the sign-in', async () => {
    const since = h.mark();
    h.fake.slashCommand({ target: ALICE });
    h.press(await h.message(has(/settings that should work for a(?:\\\*){3}@example\.test/u), { since }), /Yes, it uses these/u);
    h.press(await h.message(has(/receiving mail, sending mail, or both/u), { since }), /Receiving/u);
    const offer = await h.message(has(/This account signs in with Test Identity/u), { since, timeoutMs: 20_000 });
    h.press(offer, /Sign in with Test Identity/u);

    const codeMessage = await h.message(has(/enter this code/u), { since, timeoutMs: 20_000 });
    assert.equal(codeMessage.flags, EPHEMERAL, 'only the user sees the code');
    const code = /\b([A-Z]{4}-[A-Z]{4})\b/u.exec(textOf(codeMessage))?.[1];
    assert.ok(code, textOf(codeMessage));
    const [row] = codeMessage.components as { components: { style: number; url: string }[] }[];
    assert.equal(row?.components[0]?.style, 5, 'a link button to the provider');
    assert.equal(new URL(row!.components[0]!.url).origin, fixture().provider.issuer);

    await fixture().provider.approveDevice(code, ALICE);
    await h.message(has(/Modern sign-in \(OAuth\) works/u), { since, timeoutMs: 30_000 });
    await h.bot.runner.settled();

    const token = mailbox.tokensSeen[0];
    assert.ok(token, 'the IMAP server saw a token');
    const withCode = [...h.fake.state.messages.values()].filter((m) => JSON.stringify(m).includes(code));
    assert.deepEqual(withCode.map((m) => m.flags), [EPHEMERAL], 'the code is in one ephemeral message and nowhere else');
    // The token (in any form: plain, base64, the XOAUTH2 payload) is in no REST call, message, log line, stored state or report.
    const stored = await store.records();
    const chat = [...h.fake.rest.calls.map((c) => JSON.stringify({ method: c.method, path: c.path, body: c.body })), ...[...h.fake.state.messages.values()].map((m) => JSON.stringify(m))];
    assertNoSecret({ logs, store: stored, reports, chat }, ALICE, { token });
    for (const [where, text] of [['logs', logs], ['store', stored]] as const) assert.ok(!text.join('\n').includes(code), `code in the ${where}`);
  });
});
