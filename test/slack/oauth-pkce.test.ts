import assert from 'node:assert/strict';
import { createTestPki, type TestPki } from '../support/certs';
import { freeLoopbackPort } from '../support/login-page-client';
import { startTestOAuthProvider, type TestOAuthProvider } from '../support/oauth-provider';
import { ALICE as MAILBOX_USER, startOAuthMailbox, type OAuthMailbox } from '../oauth/conversation-fixture';
import { testProviderEntry } from '../oauth/support';
import { assertNoSecret } from '../oauth/token-forms';
import { instruments } from '../security/support/instruments';
import { ALICE, allText, findButton, posted, SlackHarness } from './support/slack-harness';

const WEB_CLIENT = { id: 'mailhelp-web', secret: 'web-client-secret-0123456789' };

/**
 * A Google-like account (no device flow for mail) through the real Bolt app and the fake Web
 * API, in both transports: the link to the bot's own OAuth page (authorization code + PKCE)
 * goes out only with chat.postEphemeral to the conversation's user; the user's browser
 * (played by the test on the real provider's pages) signs in through the bot's page, which
 * Slack's HTTP receiver serves beside the events route (Socket Mode: the page's own listener).
 * The token, the authorization code and the client secret reach no Web API call, log line,
 * stored state or report.
 */
for (const mode of ['http', 'socket'] as const) {
  describe(`slack adapter: the OAuth sign-in test through the bot's PKCE page (provider configured like Google, ${mode})`, function () {
    this.timeout(60_000);
    let pki: TestPki;
    let provider: TestOAuthProvider;
    let mailbox: OAuthMailbox;
    let h: SlackHarness;
    let port: number;
    // The project's pino logger at trace into memory, a store keeping every state, the engine's reports.
    const { logs, logger, store, reports, engine } = instruments();

    before(async () => {
      port = await freeLoopbackPort();
      pki = createTestPki();
      provider = await startTestOAuthProvider({
        tls: pki.issue({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] }),
        ca: pki.trusted,
        webClient: { ...WEB_CLIENT, redirectUris: [`http://127.0.0.1:${port}/oauth/callback`] },
      });
      mailbox = await startOAuthMailbox({ pki, provider });
      const entry = testProviderEntry(provider, { id: 'google-like', name: 'Google-like', flows: ['pkce'] });
      delete (entry as { deviceEndpoint?: string }).deviceEndpoint;
      h = await SlackHarness.start({
        mode,
        port,
        publicUrl: `http://127.0.0.1:${port}`,
        discover: async () => ({ ...mailbox.discovery, email: MAILBOX_USER }),
        diagnose: engine,
        diagnoseOptions: mailbox.diagnoseOptions,
        store,
        logger,
        signIn: { config: { configured: [{ provider: entry, clientId: WEB_CLIENT.id, clientSecret: WEB_CLIENT.secret }], unconfigured: [] }, ca: pki.trusted, timeoutMs: 5000 },
      });
    });
    after(async () => {
      await h?.stop();
      await mailbox?.close();
      await provider?.close();
    });

    it('posts the private link only as an ephemeral message to the user, and the sign-in in the browser lets the engine log in', async () => {
      await h.command(MAILBOX_USER);
      await h.click(posted(await h.waitForButton('mailhelp_choice:expected')), 'mailhelp_choice:expected');
      await h.click(posted(await h.waitForButton('mailhelp_choice:incoming')), 'mailhelp_choice:incoming');
      const offer = await h.waitForButton('mailhelp_choice:oauth');
      assert.match(allText(offer.args), /Sign in with Google-like/);
      await h.click(posted(offer), 'mailhelp_choice:oauth');

      const ephemeral = await h.fake.waitFor('chat.postEphemeral', (c) => findButton(c.args.blocks ?? [], 'mailhelp_secure_link') !== undefined, 15_000);
      const offerMessage = posted(offer);
      assert.equal(ephemeral.args.user, ALICE);
      assert.equal(ephemeral.args.channel, offerMessage.channel);
      assert.equal(ephemeral.args.thread_ts, offerMessage.thread_ts);
      const link = (findButton(ephemeral.args.blocks, 'mailhelp_secure_link') as unknown as { url: string }).url;
      assert.match(link, new RegExp(`^http://127\\.0\\.0\\.1:${port}/oauth/start/[A-Za-z0-9_-]{43}$`));
      // Only that one call carries the link: no message the channel sees, no modal.
      assert.deepEqual(h.fake.calls.filter((c) => JSON.stringify(c.args).includes(link)).map((c) => c.method), ['chat.postEphemeral']);

      // The user's browser: the bot's page, the provider's sign-in and consent, back to the bot's page.
      const opened = await fetch(link, { redirect: 'manual' });
      assert.equal(opened.status, 302);
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const back = await provider.authorize(opened.headers.get('location') ?? '', MAILBOX_USER);
      assert.equal(back.origin, `http://127.0.0.1:${port}`);
      const authorizationCode = back.searchParams.get('code') ?? '';
      assert.equal((await fetch(back, { headers: { Cookie: cookie } })).status, 200);

      await h.waitForPost(/Switch your app to "Sign in with Google-like"; the bot signed in that way and opened your inbox/, 30_000);
      await h.bot.runner.settled();
      const token = mailbox.tokensSeen[0] ?? '';
      assert.equal((await provider.introspect(token)).active, false, 'revoked after the test');
      assert.equal((await fetch(link, { redirect: 'manual' })).status, 404, 'the link works once');

      assertNoSecret(
        { logs, store: await store.records(), reports, chat: h.fake.calls.map((c) => JSON.stringify({ method: c.method, args: c.args, answer: c.answer })) },
        MAILBOX_USER,
        { token, 'authorization code': authorizationCode, 'client secret': WEB_CLIENT.secret },
      );
    });
  });
}
