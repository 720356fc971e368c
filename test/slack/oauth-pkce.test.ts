import assert from 'node:assert/strict';
import { ALICE as MAILBOX_USER } from '../oauth/conversation-fixture';
import { PKCE_WEB_CLIENT, type PkceWorld, signInInBrowser, startPkceWorld } from '../oauth/pkce-world';
import { assertNoSecret } from '../oauth/token-forms';
import { instruments } from '../security/support/instruments';
import { ALICE, allText, findButton, posted, SlackHarness } from './support/slack-harness';


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
    let world: PkceWorld;
    let h: SlackHarness;
    // The project's pino logger at trace into memory, a store keeping every state, the engine's reports.
    const { logs, logger, store, reports, engine } = instruments();

    before(async () => {
      world = await startPkceWorld();
      h = await SlackHarness.start({
        mode,
        port: world.port,
        publicUrl: world.publicUrl,
        discover: async () => ({ ...world.mailbox.discovery, email: MAILBOX_USER }),
        diagnose: engine,
        diagnoseOptions: world.mailbox.diagnoseOptions,
        store,
        logger,
        signIn: world.signIn,
      });
    });
    after(async () => {
      await h?.stop();
      await world?.close();
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
      assert.match(link, new RegExp(`^http://127\\.0\\.0\\.1:${world.port}/oauth/start/[A-Za-z0-9_-]{43}$`));
      // Only that one call carries the link: no message the channel sees, no modal.
      assert.deepEqual(h.fake.calls.filter((c) => JSON.stringify(c.args).includes(link)).map((c) => c.method), ['chat.postEphemeral']);

      const authorizationCode = await signInInBrowser(world, link, MAILBOX_USER);

      await h.waitForPost(/Switch your app to "Sign in with Google-like"; the bot signed in that way and opened your inbox/, 30_000);
      await h.bot.runner.settled();
      const token = world.mailbox.tokensSeen[0] ?? '';
      assert.equal((await world.provider.introspect(token)).active, false, 'revoked after the test');
      assert.equal((await fetch(link, { redirect: 'manual' })).status, 404, 'the link works once');

      assertNoSecret(
        { logs, store: await store.records(), reports, chat: h.fake.calls.map((c) => JSON.stringify({ method: c.method, args: c.args, answer: c.answer })) },
        MAILBOX_USER,
        { token, 'authorization code': authorizationCode, 'client secret': PKCE_WEB_CLIENT.secret },
      );
    });
  });
}
