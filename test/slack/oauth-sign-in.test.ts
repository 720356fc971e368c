import assert from 'node:assert/strict';
import { ALICE as MAILBOX_USER, startOAuthMailbox, type OAuthMailbox } from '../oauth/conversation-fixture';
import { useTestProvider } from '../oauth/support';
import { assertNoSecret } from '../oauth/token-forms';
import { instruments } from '../security/support/instruments';
import { ALICE, allText, findButton, posted, SlackHarness } from './support/slack-harness';

/**
 * The OAuth sign-in test through the real Bolt app and the fake Web API: the device code goes
 * out only with chat.postEphemeral to the conversation's user, never in a message the channel
 * sees; the user (played by the test on the real provider's pages) signs in, the real engine
 * logs in with the token, and the report reaches the thread. Nothing of the token or the code
 * reaches any other Web API call, the logs or the store.
 */
describe('slack adapter: the OAuth sign-in test (device code, ephemeral)', function () {
  this.timeout(60_000);
  const fixture = useTestProvider({ interval: 1 });
  let mailbox: OAuthMailbox;
  let h: SlackHarness;
  // The project's pino logger at trace into memory, a store keeping every state, the engine's reports.
  const { logs, logger, store, reports, engine } = instruments();

  before(async () => {
    mailbox = await startOAuthMailbox(fixture());
    h = await SlackHarness.start({
      discover: async () => ({ ...mailbox.discovery, email: 'alice@example.test' }),
      diagnose: engine,
      diagnoseOptions: mailbox.diagnoseOptions,
      store,
      logger,
      signIn: { config: mailbox.config, ca: fixture().pki.trusted, timeoutMs: 5000 },
    });
  });
  after(async () => {
    await h?.stop();
    await mailbox?.close();
  });

  it('posts the code only as an ephemeral message to the user, and the report after the sign-in in the thread', async () => {
    await h.command(MAILBOX_USER);
    await h.click(posted(await h.waitForButton('mailhelp_choice:expected')), 'mailhelp_choice:expected');
    await h.click(posted(await h.waitForButton('mailhelp_choice:incoming')), 'mailhelp_choice:incoming');
    const offer = await h.waitForButton('mailhelp_choice:oauth');
    assert.match(allText(offer.args), /Sign in with Test Identity/);
    await h.click(posted(offer), 'mailhelp_choice:oauth');

    const ephemeral = await h.fake.waitFor('chat.postEphemeral', (c) => /enter this code/.test(allText(c.args)), 15_000);
    const code = /\b([A-Z]{4}-[A-Z]{4})\b/.exec(allText(ephemeral.args))?.[1];
    assert.ok(code, allText(ephemeral.args));
    const offerMessage = posted(offer);
    assert.equal(ephemeral.args.user, ALICE);
    assert.equal(ephemeral.args.channel, offerMessage.channel);
    assert.equal(ephemeral.args.thread_ts, offerMessage.thread_ts);
    assert.ok(findButton(ephemeral.args.blocks, 'mailhelp_secure_link'), 'a button to the provider page');

    await fixture().provider.approveDevice(code, MAILBOX_USER);
    await h.waitForPost(/Modern sign-in \(OAuth\) works/, 30_000);
    await h.bot.runner.settled();

    const token = mailbox.tokensSeen[0];
    assert.ok(token, 'the IMAP server saw a token');
    // Only the one ephemeral call carries the code; the token (in any form: plain, base64, the
    // XOAUTH2 payload) is in no call, log line, stored state or report.
    const carrying = h.fake.calls.filter((c) => JSON.stringify(c.args).includes(code));
    assert.deepEqual(carrying.map((c) => c.method), ['chat.postEphemeral']);
    const stored = await store.records();
    assertNoSecret({ logs, store: stored, reports, chat: h.fake.calls.map((c) => JSON.stringify({ method: c.method, args: c.args, answer: c.answer })) }, MAILBOX_USER, { token });
    assert.ok(!logs.join('\n').includes(code), 'code in the logs');
    assert.ok(!stored.join('\n').includes(code), 'code in the store');
  });
});
